#pragma once
// The key to the timeline's colours and markers, under it; wraps onto more
// rows when the window is narrow.
#include <QWidget>
#include <vector>

#include "model/run_config.h"
#include "timeline/state_palette.h"

namespace cs::ui {

class LegendBar : public QWidget {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);
    void setScale(double scale);
    // Whether the timeline shows density rows (adds their key).
    void setDensity(bool on);
    // The states and marks the run can have (RunConfig): a run without pool
    // steps has no "in the thread pool" entry, one without cpu steps no
    // "blocking the loop" nor "frozen", one whose jobs share no semaphore no
    // hand-over arrow (fewer rows on a small screen); a Queue's run gets an
    // entry for jobs waiting in the queue. The window's key and a saved
    // picture's both follow the run's config.
    void setRun(const RunConfig& config) { setStates(config.canHave); }
    // The states its lanes can show (RunModel::canHave: a run that has ended,
    // those they showed).
    void setStates(const RunConfig::CanHave& can);
    bool density() const { return density_; }
    // The entries' words, in order (what the key lists).
    QStringList labels() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent*) override;
    void changeEvent(QEvent*) override;

private:
    // SlotHollow: a hollow bar in the running colour (a rate limit's wait for
    // a start slot, holding a permit), as Hollow is in the pool's.
    enum class Glyph {
        Line, Bar, HalfBar, Hollow, SlotHollow, QueueHollow, Done, Failed, Cancelled, Destroyed, Arrow, Density
    };
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
    RunConfig::CanHave can_;  // what the run can have: the entries listed
};

}  // namespace cs::ui
