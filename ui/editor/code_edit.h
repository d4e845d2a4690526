#pragma once
#include <QPlainTextEdit>

namespace cs::ui {

// A Python program's text with its line numbers in a gutter at the left:
// the code panel's program and the program editor. Only a program line's
// first row is numbered, so a line wrapped on a projector (the code panel
// wraps in presentation mode) reads as one line, and an error "line 6" is
// found without counting.
class CodeEdit final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit CodeEdit(QWidget* parent = nullptr);
    // The gutter's width for the document's line count and the font.
    int gutterWidth() const;
    // The number the gutter shows beside the row at y (viewport
    // coordinates), or 0 for a row that continues a wrapped line or no row.
    int lineNumberAt(int y) const;

protected:
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    friend class CodeEditGutter;
    void paintGutter(QPaintEvent* e);
    // f(number, row) for each numbered row (a program line's first) that
    // meets the viewport's rows top..bottom; row in gutter coordinates.
    template <class F>
    void forEachNumberedRow(int top, int bottom, F&& f) const;
    void fitGutter();
    QWidget* gutter_;
};

}  // namespace cs::ui
