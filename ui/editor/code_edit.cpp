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
void CodeEdit::forEachRow(int top, int bottom, F&& f) const {
    QTextBlock block = firstVisibleBlock();
    const QPointF offset = contentOffset();
    while (block.isValid()) {
        const QRectF box = blockBoundingGeometry(block).translated(offset);
        if (box.top() > bottom) break;
        if (block.isVisible() && box.bottom() >= top) {
            const QTextLayout* layout = block.layout();
            const int rows = layout ? layout->lineCount() : 0;
            if (rows == 0) f(block.blockNumber() + 1, QRect(0, static_cast<int>(box.top()), gutter_->width(),
                                                           static_cast<int>(std::ceil(box.height()))));
            for (int k = 0; k < rows; ++k) {
                const QTextLine line = layout->lineAt(k);
                const double y = box.top() + line.y();
                if (y > bottom || y + line.height() < top) continue;
                f(k == 0 ? block.blockNumber() + 1 : 0,
                  QRect(0, static_cast<int>(y), gutter_->width(), static_cast<int>(std::ceil(line.height()))));
            }
        }
        block = block.next();
    }
}

int CodeEdit::lineNumberAt(int y) const {
    int found = 0;
    forEachRow(y, y, [&](int number, const QRect& row) {
        if (y >= row.top() && y <= row.bottom()) found = number;
    });
    return found;
}

bool CodeEdit::continuesLineAt(int y) const {
    bool found = false;
    forEachRow(y, y, [&](int number, const QRect& row) {
        if (y >= row.top() && y <= row.bottom()) found = number == 0;
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
    QColor quieter = ink;
    quieter.setAlphaF(0.3);
    forEachRow(e->rect().top(), e->rect().bottom(), [&](int number, const QRect& row) {
        p.setPen(number > 0 ? ink : quieter);
        p.drawText(row.adjusted(0, 0, -space, 0), Qt::AlignRight | Qt::AlignVCenter,
                   number > 0 ? QString::number(number) : QStringLiteral("\u21AA"));
    });
}

}  // namespace cs::ui
