#include "editor/code_edit.h"

#include <QEvent>
#include <QPainter>
#include <QTextBlock>
#include <algorithm>
#include <cmath>

namespace cs::ui {

class CodeEditGutter final : public QWidget {
public:
    explicit CodeEditGutter(CodeEdit* edit) : QWidget(edit), edit_(edit) {
        setObjectName(QStringLiteral("codeGutter"));
    }
    QSize sizeHint() const override { return {edit_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* e) override { edit_->paintGutter(e); }

private:
    CodeEdit* edit_;
};

CodeEdit::CodeEdit(QWidget* parent) : QPlainTextEdit(parent), gutter_(new CodeEditGutter(this)) {
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { fitGutter(); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy != 0)
            gutter_->scroll(0, dy);
        else
            gutter_->update(0, rect.y(), gutter_->width(), rect.height());
        if (rect.contains(viewport()->rect())) fitGutter();
    });
    fitGutter();
}

int CodeEdit::gutterWidth() const {
    const int digits = std::max(2, static_cast<int>(QString::number(std::max(1, blockCount())).size()));
    const QFontMetrics fm(font());
    return fm.horizontalAdvance(QLatin1Char('9')) * (digits + 1) + fm.horizontalAdvance(QLatin1Char(' '));
}

void CodeEdit::fitGutter() {
    const int w = gutterWidth();
    if (viewportMargins().left() != w) setViewportMargins(w, 0, 0, 0);
    const QRect cr = contentsRect();
    gutter_->setGeometry(cr.left(), cr.top(), w, cr.height());
}

void CodeEdit::resizeEvent(QResizeEvent* e) {
    QPlainTextEdit::resizeEvent(e);
    fitGutter();
}

void CodeEdit::changeEvent(QEvent* e) {
    QPlainTextEdit::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        fitGutter();
        gutter_->update();
    }
}

template <class F>
void CodeEdit::forEachNumberedRow(int top, int bottom, F&& f) const {
    QTextBlock block = firstVisibleBlock();
    const QPointF offset = contentOffset();
    while (block.isValid()) {
        const QRectF box = blockBoundingGeometry(block).translated(offset);
        if (box.top() > bottom) break;
        if (block.isVisible() && box.bottom() >= top) {
            // A program line's first row only.
            const QTextLayout* layout = block.layout();
            const double rowH = layout && layout->lineCount() > 0 ? layout->lineAt(0).height() : box.height();
            f(block.blockNumber() + 1, QRect(0, static_cast<int>(box.top()), gutter_->width(),
                                             static_cast<int>(std::ceil(rowH))));
        }
        block = block.next();
    }
}

int CodeEdit::lineNumberAt(int y) const {
    int found = 0;
    forEachNumberedRow(y, y, [&](int number, const QRect& row) {
        if (y >= row.top() && y <= row.bottom()) found = number;
    });
    return found;
}

void CodeEdit::paintGutter(QPaintEvent* e) {
    QPainter p(gutter_);
    const QPalette pal = palette();
    p.fillRect(e->rect(), pal.color(QPalette::AlternateBase));
    p.setFont(font());
    QColor ink = pal.color(QPalette::Text);
    ink.setAlphaF(0.45);  // quieter than the code
    p.setPen(ink);
    const int space = QFontMetrics(font()).horizontalAdvance(QLatin1Char(' '));
    forEachNumberedRow(e->rect().top(), e->rect().bottom(), [&](int number, const QRect& row) {
        p.drawText(row.adjusted(0, 0, -space, 0), Qt::AlignRight | Qt::AlignVCenter, QString::number(number));
    });
}

}  // namespace cs::ui
