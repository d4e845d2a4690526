#pragma once
// The key to the timeline's colours and markers, under it; wraps onto more
// rows when the window is narrow.
#include <QWidget>
#include <vector>

#include "timeline/state_palette.h"

namespace cs::ui {

class LegendBar : public QWidget {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);
    void setScale(double scale);
    // Whether the timeline shows density rows (adds their key).
    void setDensity(bool on);
    // A Queue's run: jobs waiting in the queue get their own entry.
    void setQueue(bool on);
    bool density() const { return density_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent*) override;
    void changeEvent(QEvent*) override;

private:
    enum class Glyph { Line, Bar, Done, Failed, Cancelled, Arrow, Density };
    struct Item {
        Glyph glyph;
        QColor colour;
        QString label;
    };
    std::vector<Item> items() const;
    int glyphWidth(Glyph g) const;
    // Top-left of each item for a given width; returns the height used.
    int place(int width, std::vector<QPoint>* at) const;

    StatePalette palette_;
    double scale_ = 1.0;
    bool density_ = false;
    bool queue_ = false;
};

}  // namespace cs::ui
