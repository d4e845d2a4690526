#pragma once
// Markdown's `code` spans and code blocks arrive in the system's fixed font
// at that font's own size (QTextMarkdownImporter), whatever the size of the
// text around them: once presentation mode enlarges the body text, code in
// a lesson was smaller than the sentence it sits in. follow() keeps a text
// view's code at its body text's size, through new text and font changes.
#include <QObject>

class QTextBlockFormat;
class QTextDocument;
class QTextEdit;

namespace cs::ui {

class MarkdownCodeFont : public QObject {
    Q_OBJECT
public:
    // Starts following `edit` (the follower is the edit's child).
    static void follow(QTextEdit* edit);
    // Code fragments of doc at the size of its default font, once; the
    // lines of a code block let wrap go on under their own indentation.
    static void apply(QTextDocument& doc);
    // Lets a code block's line wrap (Markdown's code blocks do not): its
    // rows after the first then go on under the line's own indentation and
    // four spaces more, at the code's size (a hanging indent, as editors
    // wrap code), not at the left edge where they read as lines of their own.
    static void letWrap(QTextBlockFormat& f);
    // Whether a block is a code block's line let wrap (letWrap).
    static bool wraps(const QTextBlockFormat& f);
    // Markdown as rich text for a QLabel, its code with no size of its own:
    // the label's font (presentation mode's too) sizes code and text alike.
    static QString labelHtml(const QString& markdown);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    static void hangWrappedLines(QTextDocument& doc);
    explicit MarkdownCodeFont(QTextEdit* edit);
    void reapply();

    QTextEdit* edit_;
    bool busy_ = false;
};

}  // namespace cs::ui
