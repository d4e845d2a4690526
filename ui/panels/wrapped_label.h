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

protected:
    void resizeEvent(QResizeEvent* e) override {
        QLabel::resizeEvent(e);
        // The height follows the width: ask the layout again when it changed.
        if (e->oldSize().width() != e->size().width()) updateGeometry();
    }

private:
    QSize fitted(QSize s) const {
        if (width() > 0) s.setHeight(heightForWidth(width()));
        return s;
    }
};

}  // namespace cs::ui
