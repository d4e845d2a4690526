#pragma once
#include <QImage>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "timeline/paint_pass.h"

namespace cs::ui {

// Folded lanes: when there are more tasks than pixel rows, each row stands
// for `tasksPerRow` consecutive tasks and each pixel shows how many of them
// wait or run there, by the run model's segments (waiting: waiting for a
// permit, queued, frozen; running: running, thread or process pool, cpu;
// arriving counts as neither) (hue: waiting orange → running blue; shade: the share of
// the row busy, darker on a light theme, brighter on a dark one, never a
// faded blue that would read as the thread pool's), with failures marked.
// The gutter names the range of tasks of each group of rows ("tasks
// 200–399") and of the row under the mouse.
//
// Cost: per zoom level (window, width, rows) the pass keeps per-row
// difference arrays of interval starts and ends, built by one pass over the
// tasks. After that a frame only reads the events appended since the
// previous one and moves the contributions of the tasks they touch; intervals
// still open are kept apart (a count per row) and closed at the live time
// when the image is filled. The image (one write per pixel) is refilled only
// from the first column that changed, and painted unscaled. So a live frame
// costs O(new events + rows × changed columns), a zoom O(tasks + rows ×
// width).
class DensityPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
    // From this many tasks a rebuild splits its rows over two threads
    // (a test sets it out of reach to compare with one thread).
    void setThreadedFrom(std::size_t tasks) { threadedFrom_ = tasks; }

private:
    // What a task has contributed: the facts known about it at that time.
    // A plain task's life is created -> request -> running -> end, which
    // these four times say; any other (Segmented: a pool, cpu, frozen,
    // queued, a second wait, running from its creation) contributes its
    // run model segments, kept in pieces_ to be taken back exactly.
    enum Fact : std::uint8_t { Created = 1, Requested = 2, Ran = 4, Ended = 8, Segmented = 16 };
    struct Piece {
        double begin, end;  // end: +inf while open (it ends at the live time)
        bool running;       // else waiting
    };
    struct Key {
        const TimelineModel* model = nullptr;
        std::uint64_t epoch = 0;
        double begin = 0.0, end = 0.0;
        int width = 0;
        std::size_t rows = 0, tasksPerRow = 0, taskCount = 0;
        bool operator==(const Key&) const = default;
    };
    static std::uint8_t factsOf(const TimelineModel& m, std::size_t i);
    // Whether the four times tell task i's whole life (see Fact). unasked:
    // the run's arriving tasks run their own code (a recorded program's,
    // RunConfig::CanHave::arrivingUnasked): one that arrived is Segmented.
    static bool plain(const RunModel& run, std::size_t i, bool unasked);
    void rebuild(const PaintContext& ctx);
    void catchUp(const PaintContext& ctx);
    // Adds (sign +1) or removes (-1) what task i shows given `facts`.
    static constexpr std::size_t kRowOfTask = ~std::size_t{0};
    void apply(const TimelineModel& m, std::size_t i, std::uint8_t facts, int sign, std::size_t row = kRowOfTask);
    // The same for a Segmented task: +1 takes its segments now, -1 takes
    // back what +1 added.
    void applySegments(const TimelineModel& m, std::size_t i, int sign, std::size_t row);
    // One interval (sign +1) into a row's difference array `d`, or out (-1).
    void addClosed(std::int32_t* d, double a, double b, int sign);
    void addOpen(std::int32_t* d, std::int32_t& open, double a, int sign);
    // Refills the image's columns from `from` on (0: all of it).
    void fillImage(const PaintContext& ctx, int openEndColumn, int from);
    int col(double t) const {
        const double x = (t - begin_) * k_;
        return x <= 0 ? 0 : x >= width_ ? width_ : static_cast<int>(x);
    }

    Key key_;
    double begin_ = 0.0, end_ = 0.0, k_ = 0.0;
    int width_ = 0;
    std::size_t stride_ = 1;
    std::size_t seen_ = 0;  // events already folded in
    std::size_t threadedFrom_ = 50000;
    bool unasked_ = false;  // the run's canHave().arrivingUnasked
    // Per row, stride_ columns: +1 where an interval starts, -1 after it ends.
    std::vector<std::int32_t> wait_, run_, fail_;
    // Per row: intervals still open (their end is the live time).
    std::vector<std::int32_t> openWait_, openRun_;
    std::vector<std::uint8_t> facts_;  // per task
    struct Contribution {
        std::vector<Piece> pieces;
        int failColumn = -1;  // its failure's mark, -1: none
    };
    std::unordered_map<std::size_t, Contribution> pieces_;  // per Segmented task

    // The image (rows × rowHeight pixels) and what it was filled from.
    QImage image_;
    int dirtyFrom_ = 0;  // the image is stale from this column on (>= width: not at all)
    int imageOpenEnd_ = -1;
    QRgb imageColours_[4] = {};
    std::vector<std::uint8_t> alphaOf_;  // fillImage: shade (0..255) by busy count
};

}  // namespace cs::ui
