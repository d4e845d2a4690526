#pragma once
#include <QPlainTextEdit>

namespace cs::ui {

// A Python program's text with its line numbers in a gutter at the left:
// the code panel's program and the program editor. Only a program line's
// first row is numbered, so a line wrapped on a projector (the code panel
// wraps in presentation mode) reads as one line, and an error "line 6" is
// found without counting; each row that continues a wrapped line has a
// quiet "↪" in the gutter instead (its text starts at the left edge, like
// a line's: the plain text layout has no hanging indent).
class CodeEdit final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit CodeEdit(QWidget* parent = nullptr);
    // The gutter's width for the document's line count and the font.
    int gutterWidth() const;
    // The number the gutter shows beside the row at y (viewport
    // coordinates), or 0 for a row that continues a wrapped line or no row.
    int lineNumberAt(int y) const;
    // Whether the row at y continues a wrapped line (its gutter's "↪").
    bool continuesLineAt(int y) const;

protected:
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    friend class CodeEditGutter;
    void paintGutter(QPaintEvent* e);
    // f(number, row) for each row that meets the viewport's rows
    // top..bottom: a program line's first (its number), or one that
    // continues it (number 0); row in gutter coordinates.
    template <class F>
    void forEachRow(int top, int bottom, F&& f) const;
    void fitGutter();
    QWidget* gutter_;
};

}  // namespace cs::ui
