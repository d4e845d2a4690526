#pragma once
// What the timeline shows, derived from a run's event columns: per-task
// times (one column per fact, indexed by task id), thread/cpu intervals,
// counter tracks as step series, results and permit hand-overs.
//
// Built incrementally: sync() reads only the events appended since the last
// call, and rebuilds from scratch when the source's generation changes (a
// restart, or the replay Simulation::setLimit does). No object per event and
// no Qt Widgets: the model is tested headless.
#include <QObject>
#include <QString>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "model/scenario.h"
#include "timeline/sampled_index.h"
#include "model/step_series.h"
#include "timeline/trace_recorder.h"
#include "trace/trace_event.h"

namespace cs::ui {

// A task's state at one instant, as the lanes colour it.
enum class TaskState : std::uint8_t {
    NotStarted,  // job() not entered yet
    Arriving,    // sleeping before asking for a permit (arrive)
    Waiting,     // asked for a permit, not granted yet
    Running,     // holds its permit, awaiting I/O
    InThread,    // its step runs in the thread pool
    Cpu,         // it blocks the event loop (time.sleep in a coroutine)
    Frozen,      // ready to go on, but another task's cpu step froze the loop
    Done,
    Failed,
    Cancelled,
};

enum class IntervalKind : std::uint8_t { Thread, Cpu };

inline constexpr double kNotYet = std::numeric_limits<double>::quiet_NaN();

class TimelineModel : public QObject {
    Q_OBJECT
public:
    explicit TimelineModel(QObject* parent = nullptr);

    // Facts the trace does not repeat: how many tasks, and what kind of limit
    // (whether "permits in use" is a semaphore count and where the limit
    // line starts). Call before the first sync of a run.
    void configure(const Scenario& scenario);
    void setSource(const TraceRecorder* columns);
    // Read newly appended events. Emits rebuilt() or appended() when
    // something changed.
    void sync();
    // The live virtual time: intervals still open are drawn up to it.
    void setNow(double t);
    double now() const { return now_; }

    // ---- whole run
    std::size_t eventCount() const { return consumed_; }
    // Changes whenever the derived data starts over (configure, a new
    // source, a restart): caches built from events 0..eventCount() that
    // see the same epoch only need the events appended since.
    std::uint64_t epoch() const { return epoch_; }
    const TraceRecorder* source() const { return src_; }
    double lastEventTime() const { return lastT_; }
    // Index of the first event at or after t among the events read so far
    // (eventCount() if none): a bisection that stays in cache.
    std::size_t firstEventAtOrAfter(double t) const;
    bool ended() const { return !std::isnan(endT_); }
    double endTime() const { return endT_; }
    Outcome outcome() const { return outcome_; }
    QString raisedName() const;  // empty unless an exception escaped the collector
    double collectedTime() const { return collectedT_; }
    double raiseTime() const { return raiseT_; }
    LimitKind limitKind() const { return limitKind_; }
    bool limitIsSemaphore() const { return semaphore_; }
    bool hasLimitLine() const { return hasLimitLine_; }

    // ---- per task (NaN: not happened yet)
    std::size_t taskCount() const { return times_.size(); }
    // The id a task is shown under: a trace file's own id when its ids were
    // mapped to lanes (TraceStore::taskIds), else the lane itself.
    std::int64_t taskId(std::size_t lane) const {
        return lane < taskIds_.size() ? taskIds_[lane] : static_cast<std::int64_t>(lane);
    }
    void setTaskIds(std::vector<std::int64_t> ids) { taskIds_ = std::move(ids); }
    double created(std::size_t i) const { return times_[i].created; }
    double request(std::size_t i) const { return times_[i].request; }
    double running(std::size_t i) const { return times_[i].running; }
    double terminal(std::size_t i) const { return times_[i].end; }
    // Done, Failed or Cancelled once terminal, Created otherwise.
    EvKind terminalKind(std::size_t i) const { return endKind_[i]; }
    QString exceptionName(std::size_t i) const;
    // The task whose release handed this task its permit: -1 none, -2 a resize.
    std::int32_t wokenBy(std::size_t i) const { return wokenBy_[i]; }
    bool swallowedCancel(std::size_t i) const { return swallowed_[i] != 0; }

    TaskState stateAt(std::size_t i, double t) const;
    // Seconds spent waiting for a permit / running, up to t.
    double waitedAt(std::size_t i, double t) const;
    double ranAt(std::size_t i, double t) const;

    // ---- intervals (thread pool jobs and loop-blocking cpu steps)
    struct Interval {
        double begin;
        double end;  // NaN while open
        std::int32_t task;
        IntervalKind kind;
    };
    Interval interval(std::size_t k) const { return {ivBegin_[k], ivEnd_[k], ivTask_[k], ivKind_[k]}; }
    // Chain of one task's intervals: first, then next(k) until -1.
    std::int32_t firstIntervalOf(std::size_t task) const { return firstIv_[task]; }
    std::int32_t nextInterval(std::size_t k) const { return ivNext_[k]; }
    // Cpu intervals in time order (they never overlap: the loop is frozen).
    std::size_t cpuCount() const { return cpuIv_.size(); }
    Interval cpuInterval(std::size_t k) const { return interval(static_cast<std::size_t>(cpuIv_[k])); }
    // First cpu interval that ends at or after t.
    std::size_t firstCpuEndingAtOrAfter(double t) const;
    // The task blocking the loop at t, or -1.
    std::int32_t cpuTaskAt(double t) const;

    // ---- counters
    const StepSeries& permitsInUse() const { return permits_; }  // semaphore count or in flight
    const StepSeries& limit() const { return limit_; }
    const StepSeries& waiting() const { return waiting_; }
    const StepSeries& inFlight() const { return inFlight_; }
    // Terminal times per kind, in time order.
    const std::vector<double>& doneTimes() const { return doneT_; }
    const std::vector<double>& failedTimes() const { return failedT_; }
    const std::vector<double>& cancelledTimes() const { return cancelledT_; }
    // How many tasks ended done at or before t.
    std::size_t doneUpTo(double t) const;
    // Latency samples (spec section 5): at terminal time, terminal - request,
    // for tasks that requested and ended done or failed.
    const std::vector<double>& latencyTimes() const { return latT_; }
    const std::vector<double>& latencies() const { return lat_; }

    // ---- results, in the order the caller received them
    std::size_t resultCount() const { return resTask_.size(); }
    std::int32_t resultTask(std::size_t k) const { return resTask_[k]; }
    bool resultOk(std::size_t k) const { return resOk_[k] != 0; }
    double resultTime(std::size_t k) const { return resT_[k]; }
    std::size_t resultsUpTo(double t) const;
    const std::vector<std::int32_t>& pendingTasks() const { return pending_; }

    // ---- permit hand-overs (release events that woke a waiter), time order
    std::size_t releaseCount() const { return relT_.size(); }
    double releaseTime(std::size_t k) const { return relT_[k]; }
    std::int32_t releaseFrom(std::size_t k) const { return relFrom_[k]; }
    std::int32_t releaseTo(std::size_t k) const { return relTo_[k]; }
    std::size_t firstReleaseAtOrAfter(double t) const;

    // ---- service rejections (429/503) and swallowed cancels, time order
    struct Rejection { double t; std::int32_t task; std::int32_t code; };
    const std::vector<Rejection>& rejections() const { return rejections_; }
    std::size_t swallowedCount() const { return swallowedCount_; }
    // The shared counter lesson: its final value and the increments that
    // completed (-1 when the run has no counter event).
    std::int64_t counterValue() const { return counterValue_; }
    std::int64_t counterExpected() const { return counterExpected_; }

signals:
    void rebuilt();   // everything may have changed (restart, replay)
    void appended();  // events were added at the end
    void nowChanged(double t);

private:
    void clearDerived();
    void ensureTask(std::int32_t task);
    void ingest(const TraceEvent& e);
    void openInterval(std::int32_t task, double t, IntervalKind kind);
    void closeInterval(std::int32_t task, double t);

    const TraceRecorder* src_ = nullptr;
    std::uint64_t generation_ = 0;
    std::size_t consumed_ = 0;
    std::uint64_t epoch_ = 0;
    std::size_t configuredTasks_ = 0;
    double now_ = 0.0;
    double lastT_ = 0.0;

    LimitKind limitKind_ = LimitKind::None;
    bool semaphore_ = false;
    bool hasLimitLine_ = false;
    std::int64_t initialLimit_ = 0;

    // A task's four instants side by side: ingesting an event and painting
    // a task touch one cache line, not four.
    struct Times {
        double created, request, running, end;
    };
    std::vector<Times> times_;
    std::vector<EvKind> endKind_;
    std::vector<std::int32_t> exc_, wokenBy_, firstIv_, lastIv_;
    std::vector<std::uint8_t> swallowed_;

    std::vector<double> ivBegin_, ivEnd_;
    std::vector<std::int32_t> ivTask_, ivNext_, cpuIv_;
    std::vector<IntervalKind> ivKind_;

    StepSeries permits_, limit_, waiting_, inFlight_;
    std::int64_t permitCount_ = 0, waitingCount_ = 0, inFlightCount_ = 0;
    std::vector<double> doneT_, failedT_, cancelledT_, latT_, lat_;
    SampledIndex eventIndex_, doneIndex_;

    std::vector<std::int32_t> resTask_;
    std::vector<std::uint8_t> resOk_;
    std::vector<double> resT_;
    std::vector<std::int32_t> pending_;
    std::vector<double> relT_;
    std::vector<std::int32_t> relFrom_, relTo_;
    std::vector<Rejection> rejections_;
    std::size_t swallowedCount_ = 0;

    double endT_ = kNotYet, collectedT_ = kNotYet, raiseT_ = kNotYet;
    Outcome outcome_ = Outcome::Ok;
    std::int32_t raiseExc_ = -1;
    std::int64_t counterValue_ = -1, counterExpected_ = -1;
    std::vector<std::int64_t> taskIds_;  // by lane; empty: lane = id (setTaskIds)
};

}  // namespace cs::ui
