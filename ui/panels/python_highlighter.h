#pragma once
// A small Python syntax highlighter for the code panel: keywords, builtins,
// strings (triple-quoted ones across lines), comments, numbers, decorators
// and the names after def/class. Colours follow a light or dark palette.
#include <QPalette>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <vector>

namespace cs::ui {

class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit PythonHighlighter(QTextDocument* doc, bool dark = false);
    void setDark(bool dark);
    // Whether `p` is a dark palette (the colours to pick for it).
    static bool darkPalette(const QPalette& p) { return p.color(QPalette::Base).lightness() < 128; }


protected:
    void highlightBlock(const QString& text) override;

private:
    struct Rule {
        QRegularExpression re;
        QTextCharFormat format;
        int group = 0;
    };
    void buildFormats();

    bool dark_;
    std::vector<Rule> rules_;
    QTextCharFormat string_, comment_;
};

}  // namespace cs::ui
