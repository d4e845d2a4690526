#pragma once
// A combo box whose current text, when longer than the box, ends in '…'.
// Qt's styles cut it off at the box's edge, mid-word ('Experiment: A
// service that serves 8 at once: how high should t'), which reads as the
// whole name. The list that drops down shows every item whole.
#include <QComboBox>
#include <QStyleOptionComboBox>
#include <QStylePainter>

namespace cs::ui {

class ElidingComboBox final : public QComboBox {
public:
    // Set on every ElidingComboBox: LayoutReport does not count its text as
    // cut off (it ends in '…').
    static constexpr const char* kElidesProperty = "coroscopeElidesText";

    explicit ElidingComboBox(QWidget* parent = nullptr) : QComboBox(parent) {
        setProperty(kElidesProperty, true);
    }

protected:
    void paintEvent(QPaintEvent*) override {
        // QComboBox::paintEvent, with the label's text elided to the field.
        QStylePainter p(this);
        p.setPen(palette().color(QPalette::Text));
        QStyleOptionComboBox opt;
        initStyleOption(&opt);
        p.drawComplexControl(QStyle::CC_ComboBox, opt);
        const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, this);
        int room = field.width() - 2;  // (the styles draw the label 1 px in from each side)
        if (!opt.currentIcon.isNull()) room -= opt.iconSize.width() + 4;
        opt.currentText = fontMetrics().elidedText(opt.currentText, Qt::ElideRight, std::max(0, room));
        p.drawControl(QStyle::CE_ComboBoxLabel, opt);
    }
};

}  // namespace cs::ui
