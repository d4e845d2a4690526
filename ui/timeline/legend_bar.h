#pragma once
// The key to the timeline's colours and markers, one row under it.
#include <QWidget>

#include "timeline/state_palette.h"

namespace cs::ui {

class LegendBar : public QWidget {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);
    void setScale(double scale);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;
    void changeEvent(QEvent*) override;

private:
    StatePalette palette_;
    double scale_ = 1.0;
};

}  // namespace cs::ui
