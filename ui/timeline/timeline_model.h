#pragma once
// The timeline's view of a run: a thin Qt adapter over the run model
// (cs::RunModel, core/model/run_model.h), which the session's TraceRecorder
// feeds as events happen. It interprets no event itself: every state, time,
// counter and result it hands out is the run model's. What it adds is what
// Qt needs: signals when the run grew (appended), started over (rebuilt) or
// the live time moved (nowChanged), the live time itself (open segments are
// drawn up to it) and an epoch for the passes' caches.
#include <QObject>
#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "model/run_model.h"
#include "model/scenario.h"
#include "model/step_series.h"
#include "model/time_range.h"
#include "timeline/trace_recorder.h"
#include "trace/trace_event.h"

namespace cs::ui {

// A task's state at one instant, as the lanes colour it: the run model's.
using TaskState = cs::TaskState;
using Segment = cs::Segment;

inline constexpr double kNotYet = std::numeric_limits<double>::quiet_NaN();

class TimelineModel : public QObject {
    Q_OBJECT
public:
    explicit TimelineModel(QObject* parent = nullptr);

    // A new run of this scenario starts (the recorder's run model is
    // configured by the session): emits rebuilt().
    void configure(const Scenario& scenario);
    void setSource(const TraceRecorder* columns);
    // Take note of newly appended events. Emits rebuilt() or appended() when
    // something changed.
    void sync();
    // The live virtual time: segments still open are drawn up to it.
    void setNow(double t);
    double now() const { return now_; }

    // The run model: the one home of every fact shown.
    const RunModel& run() const { return src_ ? src_->run() : empty_; }

    // ---- whole run
    std::size_t eventCount() const { return consumed_; }
    // What the user is told as "N events": the run's events as a trace file
    // has them, one a line (markers left out: RunModel::traceLines).
    std::size_t lineCount() const { return run().traceLines(); }
    // Changes whenever the run starts over (configure, a new source, a
    // restart): caches built from events 0..eventCount() that see the same
    // epoch only need the events appended since.
    std::uint64_t epoch() const { return epoch_; }
    const TraceRecorder* source() const { return src_; }
    double lastEventTime() const { return run().lastEventTime(); }
    // Index of the first event at or after t among the events read so far
    // (eventCount() if none).
    std::size_t firstEventAtOrAfter(double t) const;
    bool ended() const { return run().ended(); }
    double endTime() const { return run().ended() ? run().endTime() : kNotYet; }
    Outcome outcome() const { return run().outcome(); }
    QString raisedName() const { return QString::fromStdString(std::string(run().raisedName())); }
    double collectedTime() const { return run().collectedTime(); }
    double raiseTime() const { return run().raiseTime(); }
    bool countsPermits() const { return run().config().countsPermits(); }
    bool hasLimitLine() const { return run().limit().size() > 0; }
    // The program's Semaphores and Locks drawn apart in the Permits track
    // (RunConfig::primitivesApart; 0: their sum alone), and what the k-th
    // is: "Semaphore(2), line 12" (its class and size, the program's line
    // that made it).
    std::size_t permitBands() const {
        const std::size_t n = run().config().primitivesApart();
        return n <= run().primitiveHeld().size() ? n : 0;  // (a model without rows keeps no series)
    }
    QString primitiveTitle(std::size_t k) const;
    static QString primitiveTitle(const PrimitiveInfo& p);
    // "#3 Semaphore(2), line 28": the k-th (from 0) as the bands number it
    // ("#3" alone when the trace does not say what it is).
    QString primitiveLabel(std::size_t k) const { return primitiveLabel(run().config().primitives, k); }
    static QString primitiveLabel(const std::vector<PrimitiveInfo>& all, std::size_t k);

    // ---- per task (NaN: not happened yet)
    std::size_t taskCount() const { return run().taskCount(); }
    std::int64_t taskId(std::size_t lane) const { return run().taskId(lane); }
    // The recorded name (a traced program's task names), empty when none.
    QString taskName(std::size_t i) const { return QString::fromStdString(std::string(run().name(i))); }
    // "task 3", or the recorded name when there is one.
    QString taskLabel(std::size_t i) const;
    double created(std::size_t i) const { return run().task(i).created; }
    double request(std::size_t i) const { return run().task(i).request; }
    double running(std::size_t i) const { return run().task(i).running; }
    double terminal(std::size_t i) const { return run().task(i).end; }
    std::int32_t parent(std::size_t i) const { return run().task(i).parent; }
    // Done, Failed, Cancelled or Destroyed once terminal, Created otherwise.
    EvKind terminalKind(std::size_t i) const { return run().task(i).endKind; }
    QString exceptionName(std::size_t i) const {
        return QString::fromStdString(std::string(run().exceptionName(i)));
    }
    std::int32_t wokenBy(std::size_t i) const { return run().task(i).wokenBy; }
    // Its first wait ended in a gave_up (a timed-out `wait_for(sem.acquire(), t)`): running() is when
    // it went on without the permit.
    bool gaveUp(std::size_t i) const { return run().task(i).gaveUp; }
    bool swallowedCancel(std::size_t i) const { return run().task(i).swallowed; }

    TaskState stateAt(std::size_t i, double t) const { return run().stateAt(i, t); }
    // The task's life as consecutive segments, the open one cut at now().
    void forEachSegment(std::size_t i, const std::function<void(const Segment&)>& f) const {
        run().forEachSegment(i, f, now_);
    }
    // Its pool and loop-blocking steps (thread, process, cpu segments) in
    // time order: the k-th is its k-th such step (the code panel's locator).
    std::vector<Segment> stepSegments(std::size_t i) const;
    double waitedAt(std::size_t i, double t) const { return run().waitedAt(i, t); }
    // " (1.00 s of it waiting again for a permit)": of its run up to t, the
    // time it waited for a permit again (RunModel::waitedAgainAt), or "".
    QString waitedAgainNote(std::size_t i, double t) const;
    // ", holding a permit of #1 Semaphore(3), line 2": the permit a named wait
    // held meanwhile (RunModel::PermitWait::held), or "" when none is known.
    QString holdingNote(const RunModel::PermitWait& w) const;
    double ranAt(std::size_t i, double t) const { return run().ranAt(i, t); }

    // ---- loop-blocking cpu steps, time order (they never overlap)
    const std::vector<RunModel::CpuBlock>& cpuBlocks() const { return run().cpuBlocks(); }
    std::size_t firstCpuEndingAtOrAfter(double t) const;
    // The task blocking the loop at t, or -1.
    std::int32_t cpuTaskAt(double t) const { return run().cpuTaskAt(t, now_); }

    // ---- counters
    // The window the throughput (RunModel::throughputAt) is taken over for a
    // run of `span` seconds: one second for classroom-sized runs, longer for
    // long ones so that the rate does not flicker. The app's "recent
    // throughput" (Metrics) and "Done per second" (the timeline) both take it
    // of the timeline's whole range (Viewport::whole).
    static double throughputWindow(TimeRange whole) { return std::clamp(whole.span() / 20.0, 1.0, 60.0); }
    const StepSeries& permitsInUse() const { return run().permitsInUse(); }
    const StepSeries& limit() const { return run().limit(); }
    const StepSeries& waiting() const { return run().waiting(); }
    const StepSeries& inFlight() const { return run().inFlight(); }
    const std::vector<double>& doneTimes() const { return run().doneTimes(); }
    const std::vector<double>& failedTimes() const { return run().failedTimes(); }
    const std::vector<double>& cancelledTimes() const { return run().cancelledTimes(); }
    std::size_t doneUpTo(double t) const { return run().doneUpTo(t); }

    // ---- results, in the order the caller received them
    std::size_t resultCount() const { return run().results().size(); }
    const RunModel::CallerEvent& result(std::size_t k) const { return run().callerEvents()[run().results()[k]]; }
    std::int32_t resultTask(std::size_t k) const { return result(k).task; }
    bool resultOk(std::size_t k) const { return result(k).arg != 0; }
    double resultTime(std::size_t k) const { return result(k).t; }
    std::size_t resultsUpTo(double t) const { return run().resultsUpTo(t); }
    const std::vector<std::int32_t>& pendingTasks() const { return run().pendingTasks(); }

    // ---- permit hand-overs (releases that woke a waiter), time order
    std::size_t releaseCount() const { return run().handovers().size(); }
    double releaseTime(std::size_t k) const { return run().handovers()[k].t; }
    std::int32_t releaseFrom(std::size_t k) const { return run().handovers()[k].from; }
    std::int32_t releaseTo(std::size_t k) const { return run().handovers()[k].to; }
    std::size_t firstReleaseAtOrAfter(double t) const { return run().firstHandoverAtOrAfter(t); }

    // ---- service rejections (429/503), time order
    const std::vector<RunModel::Rejection>& rejections() const { return run().rejections(); }
    // The shared counter lesson: its final value and the increments that
    // completed (-1 when the run has no counter event).
    std::int64_t counterValue() const { return run().counterFinal(); }
    std::int64_t counterExpected() const { return run().counterExpected(); }

signals:
    void rebuilt();   // everything may have changed (restart, replay)
    void appended();  // events were added at the end
    void nowChanged(double t);

private:
    const TraceRecorder* src_ = nullptr;
    std::uint64_t generation_ = 0;
    std::size_t consumed_ = 0;
    std::uint64_t epoch_ = 0;
    double now_ = 0.0;
    RunModel empty_;  // what run() shows without a source
};

}  // namespace cs::ui
