#pragma once
#include <QImage>
#include <QLine>
#include <QRect>
#include <QList>
#include <cstdint>
#include <tuple>
#include <vector>

#include "timeline/paint_pass.h"

namespace cs::ui {

// The tracks above the lanes: permits in use against the limit, tasks
// waiting (jobs in the queue, for a Queue's run), the event loop's state,
// throughput and a shared counter's value. Each is merged per pixel
// column (StepSeries::maxPerColumn: O(width · log points)).
//
// Per zoom level (model epoch, window, width) the per-column values are
// kept: events only ever append at the end, so a later frame recomputes just
// the columns from the last event (or the live time) seen by the previous
// one. A live frame costs a few columns; a zoom, O(width · log).
class CounterTracksPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
    // The Event loop track's title and its widest state on one line.
    int gutterWidth(const QFont& font) const override;
    // The "Done per second" track's reading at the cursor t, for a timeline
    // whose whole range is `whole` (the Metrics panel's recent throughput).
    static QString doneRateText(const TimelineModel& model, TimeRange whole, double t);
    // The Event loop track's state at t (its words beside the title).
    enum class LoopState { Blocked, Awaiting, Idle };
    static LoopState loopStateAt(const TimelineModel& model, double t);

private:
    // The Event loop track's title and what the loop is doing at the cursor.
    static QString loopTitle();
    static QString loopStateText(LoopState s);

    void paintPermits(PaintContext& ctx, QRect r);
    // The program's Semaphores and Locks apart: a band each, its permits
    // held against its own size.
    void paintPermitBands(PaintContext& ctx, QRect r, std::size_t n);
    void paintWaiting(PaintContext& ctx, QRect r);
    void paintLoop(PaintContext& ctx, QRect r);
    void paintThroughput(PaintContext& ctx, QRect r);
    // The shared counter's value (a step line) against the increments done,
    // and who holds its lock.
    void paintCounter(PaintContext& ctx, QRect r);
    // A translucent bar chart kept as an image between frames.
    struct AreaLayer {
        QImage image;
        std::vector<int> heights;  // what the image shows per column
        QRgb pixel = 0;
    };
    void paintArea(PaintContext& ctx, QRect r, double maxValue, const QColor& fill,
                   const std::vector<std::int64_t>& cols, AreaLayer& layer);
    void drawBars(PaintContext& ctx, QRect r, const std::vector<int>& heights, const QColor& fill, AreaLayer& layer);
    // `shortTitle`: the title on one line with its value when the whole one
    // does not fit there ("Done  2.00 /s" for "Done per second").
    void paintLabel(PaintContext& ctx, QRect r, const QString& title, const QString& value,
                    const QString& shortTitle = {});

    struct Key {
        const TimelineModel* model = nullptr;
        std::uint64_t epoch = 0;
        double begin = 0.0, end = 0.0;
        int width = 0;
        bool operator==(const Key&) const = default;
    };
    // Columns of one counter; those before the column of `redoFrom` are final.
    struct Columns {
        std::vector<std::int64_t> cols;
        bool valid = false;
        double redoFrom = 0.0;
        double until = 0.0;
    };
    const std::vector<std::int64_t>& columns(const PaintContext& ctx, const StepSeries& s, Columns& c);
    // 1 where some task is alive (created, not ended) in a column, else 0.
    const std::vector<std::int64_t>& aliveColumns(const PaintContext& ctx);
    void updateTicks(const PaintContext& ctx);
    void updateRates(const PaintContext& ctx, int bucket, double win);
    int firstColumnToRedo(const PaintContext& ctx, double t) const;

    Key key_;
    Columns permits_, waiting_, alive_, mainJobsRunning_, mainJobsQueued_;
    std::vector<Columns> bandColumns_;
    std::vector<AreaLayer> bandLayers_;
    std::vector<std::uint8_t> flags_;
    // Loop ticks: whether an event happened in each column.
    std::vector<std::uint8_t> ticks_;
    QList<QLine> ticksLines_;
    QList<QRect> rects_;  // reused between frames
    std::vector<int> heights_;
    AreaLayer permitsLayer_, waitingLayer_, throughputLayer_;
    bool ticksValid_ = false;
    double ticksRedoFrom_ = 0.0;
    // Throughput: one rate per bucket of columns.
    std::vector<double> rates_;
    bool ratesValid_ = false;
    int rateBucket_ = 0;
    double rateWin_ = 0.0, ratesRedoFrom_ = 0.0, ratesUntil_ = 0.0;
    // The rate's peak over the drawn span (the "max" label), for (begin, until, window, done count).
    std::tuple<double, double, double, std::size_t> peakFor_{-1.0, -1.0, -1.0, 0};
    double peak_ = 0.0;
};

}  // namespace cs::ui
