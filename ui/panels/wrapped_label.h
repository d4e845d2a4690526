#pragma once
// A word-wrapped QLabel that asks for the height its text needs at its
// actual width. A plain wrapped QLabel in a QFormLayout inside a scroll area
// is given the height of its size hint (text laid out at a guessed width),
// which cuts off a long text in a narrow column.
#include <QLabel>
#include <QResizeEvent>

namespace cs::ui {

class WrappedLabel final : public QLabel {
public:
    explicit WrappedLabel(QWidget* parent = nullptr) : QLabel(parent) { setWordWrap(true); }

    QSize minimumSizeHint() const override { return fitted(QLabel::minimumSizeHint()); }
    QSize sizeHint() const override { return fitted(QLabel::sizeHint()); }

    // QLabel::setText, and the height the new text needs at this width held
    // as the minimum: a form in a scroll area kept the old text's height (a
    // third line cut in half when a workload's summary grew).
    void setText(const QString& text) {
        QLabel::setText(text);
        holdHeight();
    }

protected:
    void resizeEvent(QResizeEvent* e) override {
        QLabel::resizeEvent(e);
        // The height follows the width: ask the layout again when it changed.
        if (e->oldSize().width() != e->size().width()) holdHeight();
    }

private:
    void holdHeight() {
        if (width() > 0) setMinimumHeight(heightForWidth(width()));
        updateGeometry();
    }

    QSize fitted(QSize s) const {
        if (width() > 0) s.setHeight(heightForWidth(width()));
        return s;
    }
};

}  // namespace cs::ui
