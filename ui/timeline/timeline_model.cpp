#include "timeline/timeline_model.h"

#include <algorithm>

#include "model/run_config.h"

namespace cs::ui {

namespace {
bool happened(double t) { return !std::isnan(t); }
}  // namespace

TimelineModel::TimelineModel(QObject* parent) : QObject(parent) {}

void TimelineModel::configure(const Scenario& s) {
    configuredTasks_ = s.tasks.size();
    limitKind_ = s.limit.kind;
    // How permits count and where the limit line starts: the run model's
    // reading of the scenario (one home: RunConfig::forScenario).
    const RunConfig c = RunConfig::forScenario(s);
    semaphore_ = c.semaphorePermits;
    hasLimitLine_ = c.initialLimit >= 0;
    initialLimit_ = hasLimitLine_ ? c.initialLimit : 0;
    clearDerived();
    consumed_ = 0;
    if (src_) generation_ = src_->generation();
    emit rebuilt();
}

void TimelineModel::setSource(const TraceRecorder* columns) {
    src_ = columns;
    clearDerived();
    consumed_ = 0;
    generation_ = src_ ? src_->generation() : 0;
}

void TimelineModel::clearDerived() {
    ++epoch_;
    const std::size_t n = configuredTasks_;
    times_.assign(n, Times{kNotYet, kNotYet, kNotYet, kNotYet});
    endKind_.assign(n, EvKind::Created);
    exc_.assign(n, -1);
    wokenBy_.assign(n, -1);
    firstIv_.assign(n, -1);
    lastIv_.assign(n, -1);
    swallowed_.assign(n, 0);
    ivBegin_.clear();
    ivEnd_.clear();
    ivTask_.clear();
    ivNext_.clear();
    ivKind_.clear();
    cpuIv_.clear();
    permits_.clear();
    limit_.clear();
    waiting_.clear();
    inFlight_.clear();
    permitCount_ = waitingCount_ = inFlightCount_ = 0;
    permits_.set(0.0, 0);
    waiting_.set(0.0, 0);
    inFlight_.set(0.0, 0);
    if (hasLimitLine_) limit_.set(0.0, initialLimit_);
    doneT_.clear();
    eventIndex_.clear();
    doneIndex_.clear();
    failedT_.clear();
    cancelledT_.clear();
    latT_.clear();
    lat_.clear();
    resTask_.clear();
    resOk_.clear();
    resT_.clear();
    pending_.clear();
    relT_.clear();
    relFrom_.clear();
    relTo_.clear();
    rejections_.clear();
    swallowedCount_ = 0;
    endT_ = collectedT_ = raiseT_ = kNotYet;
    counterValue_ = counterExpected_ = -1;
    outcome_ = Outcome::Ok;
    raiseExc_ = -1;
    lastT_ = 0.0;
}

void TimelineModel::sync() {
    if (!src_) return;
    bool rebuild = false;
    if (src_->generation() != generation_ || src_->size() < consumed_) {
        clearDerived();
        consumed_ = 0;
        generation_ = src_->generation();
        rebuild = true;
    }
    const std::size_t n = src_->size();
    const bool grew = n > consumed_;
    for (std::size_t i = consumed_; i < n; ++i) {
        const TraceEvent e = src_->at(i);
        eventIndex_.add(i, e.t);
        ingest(e);
    }
    consumed_ = n;
    if (rebuild)
        emit rebuilt();
    else if (grew)
        emit appended();
}

void TimelineModel::setNow(double t) {
    if (t == now_) return;
    now_ = t;
    emit nowChanged(t);
}

void TimelineModel::ensureTask(std::int32_t task) {
    if (task < 0) return;
    const auto need = static_cast<std::size_t>(task) + 1;
    if (need <= times_.size()) return;
    // A trace naming more tasks than the scenario (a queue's workers, say):
    // grow every per-task column together.
    times_.resize(need, Times{kNotYet, kNotYet, kNotYet, kNotYet});
    endKind_.resize(need, EvKind::Created);
    exc_.resize(need, -1);
    wokenBy_.resize(need, -1);
    firstIv_.resize(need, -1);
    lastIv_.resize(need, -1);
    swallowed_.resize(need, 0);
}

void TimelineModel::openInterval(std::int32_t task, double t, IntervalKind kind) {
    const auto k = static_cast<std::int32_t>(ivBegin_.size());
    ivBegin_.push_back(t);
    ivEnd_.push_back(kNotYet);
    ivTask_.push_back(task);
    ivKind_.push_back(kind);
    ivNext_.push_back(-1);
    if (lastIv_[task] >= 0)
        ivNext_[lastIv_[task]] = k;
    else
        firstIv_[task] = k;
    lastIv_[task] = k;
    if (kind == IntervalKind::Cpu) cpuIv_.push_back(k);
}

void TimelineModel::closeInterval(std::int32_t task, double t) {
    // A task's steps run one after another, so its open interval is its last.
    const std::int32_t k = lastIv_[task];
    if (k >= 0 && std::isnan(ivEnd_[k])) ivEnd_[k] = t;
}

void TimelineModel::ingest(const TraceEvent& e) {
    const double t = e.t;
    lastT_ = std::max(lastT_, t);
    // Caller-side kinds reuse the task slot (End: the escaping class).
    const std::int32_t i = isPerTask(e.kind) ? e.task : -1;
    if (i >= 0) ensureTask(i);
    switch (e.kind) {
        case EvKind::Created:
            if (i >= 0) times_[i].created = t;
            break;
        case EvKind::Request:
            if (i < 0) break;
            times_[i].request = t;
            waiting_.set(t, ++waitingCount_);
            break;
        case EvKind::Running:
            if (i < 0) break;
            times_[i].running = t;
            if (happened(times_[i].request)) waiting_.set(t, --waitingCount_);
            inFlight_.set(t, ++inFlightCount_);
            permits_.set(t, semaphore_ ? ++permitCount_ : inFlightCount_);
            break;
        case EvKind::Done:
        case EvKind::Failed:
        case EvKind::Cancelled:
            if (i < 0) break;
            times_[i].end = t;
            endKind_[i] = e.kind;
            if (happened(times_[i].running)) {
                inFlight_.set(t, --inFlightCount_);
                if (!semaphore_) permits_.set(t, inFlightCount_);
            } else if (happened(times_[i].request)) {
                waiting_.set(t, --waitingCount_);
            }
            if (e.kind == EvKind::Done) doneIndex_.add(doneT_.size(), t);
            (e.kind == EvKind::Done ? doneT_ : e.kind == EvKind::Failed ? failedT_ : cancelledT_).push_back(t);
            if (e.kind != EvKind::Cancelled && happened(times_[i].request)) {
                latT_.push_back(t);
                lat_.push_back(t - times_[i].request);
            }
            // A cpu/thread step cut short by cancellation never reports its end.
            closeInterval(i, t);
            break;
        case EvKind::FailedExc:
            if (i >= 0) exc_[i] = e.arg;
            break;
        case EvKind::Result:
            resTask_.push_back(i);
            resOk_.push_back(e.arg != 0 ? 1 : 0);
            resT_.push_back(t);
            break;
        case EvKind::Pending:
            pending_.push_back(i);
            break;
        case EvKind::Raise:
            raiseT_ = t;
            raiseExc_ = e.arg;
            break;
        case EvKind::Collected:
            collectedT_ = t;
            break;
        case EvKind::End:
            endT_ = t;
            outcome_ = static_cast<Outcome>(e.arg);
            if (outcome_ == Outcome::Raised && e.task >= 0) raiseExc_ = e.task;
            break;
        case EvKind::Limit:
            hasLimitLine_ = true;
            limit_.set(t, e.arg);
            break;
        case EvKind::Release:
            if (semaphore_) permits_.set(t, --permitCount_);
            if (i >= 0 && e.arg >= 0) {
                ensureTask(e.arg);
                wokenBy_[e.arg] = i;
                relT_.push_back(t);
                relFrom_.push_back(i);
                relTo_.push_back(e.arg);
            }
            break;
        case EvKind::Wake:
            if (i >= 0 && wokenBy_[i] == -1) wokenBy_[i] = e.arg >= 0 ? e.arg : -2;
            break;
        case EvKind::CpuBegin:
            if (i >= 0) openInterval(i, t, IntervalKind::Cpu);
            break;
        case EvKind::ThreadBegin:
            if (i >= 0) openInterval(i, t, IntervalKind::Thread);
            break;
        case EvKind::CpuEnd:
        case EvKind::ThreadEnd:
            if (i >= 0) closeInterval(i, t);
            break;
        case EvKind::Rejected:
            rejections_.push_back({t, i, e.arg});
            break;
        case EvKind::Swallowed:
            if (i >= 0) swallowed_[i] = 1;
            ++swallowedCount_;
            break;
        case EvKind::Counter:
            // Caller-side: arg = the counter's final value, task slot = the
            // increments that completed (what it should be).
            counterValue_ = e.arg;
            counterExpected_ = e.task;
            break;
        default: break;  // the run model's extension events (docs/trace-extensions.md)
    }
}

QString TimelineModel::exceptionName(std::size_t i) const {
    if (!src_ || i >= exc_.size() || exc_[i] < 0) return {};
    return QString::fromStdString(src_->symbol(exc_[i]));
}

QString TimelineModel::raisedName() const {
    if (!src_ || raiseExc_ < 0) return {};
    return QString::fromStdString(src_->symbol(raiseExc_));
}

std::size_t TimelineModel::firstEventAtOrAfter(double t) const {
    if (!src_) return 0;
    // A source reset but not synced yet holds fewer events than were read.
    const std::size_t n = std::min(consumed_, src_->size());
    return eventIndex_.lowerBound(t, n, [this](std::size_t i) { return src_->timeAt(i); });
}

std::size_t TimelineModel::doneUpTo(double t) const {
    return doneIndex_.upperBound(t, doneT_.size(), [this](std::size_t i) { return doneT_[i]; });
}

std::size_t TimelineModel::firstCpuEndingAtOrAfter(double t) const {
    // Cpu intervals never overlap, so their ends are ordered like their
    // begins; an open one (NaN end) can only be the last.
    auto it = std::partition_point(cpuIv_.begin(), cpuIv_.end(), [&](std::int32_t k) {
        return !std::isnan(ivEnd_[k]) && ivEnd_[k] < t;
    });
    return static_cast<std::size_t>(it - cpuIv_.begin());
}

std::int32_t TimelineModel::cpuTaskAt(double t) const {
    const std::size_t k = firstCpuEndingAtOrAfter(t);
    if (k >= cpuIv_.size()) return -1;
    const Interval iv = cpuInterval(k);
    const double end = std::isnan(iv.end) ? now_ : iv.end;
    return iv.begin <= t && t < end ? iv.task : -1;
}

TaskState TimelineModel::stateAt(std::size_t i, double t) const {
    // "At t" includes what happened at exactly t: the state a run stopped by
    // runUntil(t) shows.
    auto at = [t](double x) { return happened(x) && x <= t; };
    if (at(times_[i].end)) {
        return endKind_[i] == EvKind::Done     ? TaskState::Done
               : endKind_[i] == EvKind::Failed ? TaskState::Failed
                                               : TaskState::Cancelled;
    }
    if (at(times_[i].running)) {
        for (std::int32_t k = firstIv_[i]; k >= 0; k = ivNext_[k]) {
            if (ivBegin_[k] > t) break;
            if (std::isnan(ivEnd_[k]) || t < ivEnd_[k])
                return ivKind_[k] == IntervalKind::Cpu ? TaskState::Cpu : TaskState::InThread;
        }
        const std::int32_t blocker = cpuTaskAt(t);
        if (blocker >= 0 && blocker != static_cast<std::int32_t>(i)) return TaskState::Frozen;
        return TaskState::Running;
    }
    if (at(times_[i].request)) return TaskState::Waiting;
    if (at(times_[i].created)) return TaskState::Arriving;
    return TaskState::NotStarted;
}

double TimelineModel::waitedAt(std::size_t i, double t) const {
    if (!happened(times_[i].request) || times_[i].request > t) return 0.0;
    double until = t;
    if (happened(times_[i].running) && times_[i].running <= t)
        until = times_[i].running;
    else if (happened(times_[i].end) && times_[i].end <= t)
        until = times_[i].end;
    return until - times_[i].request;
}

double TimelineModel::ranAt(std::size_t i, double t) const {
    if (!happened(times_[i].running) || times_[i].running > t) return 0.0;
    const double until = happened(times_[i].end) && times_[i].end <= t ? times_[i].end : t;
    return until - times_[i].running;
}

std::size_t TimelineModel::resultsUpTo(double t) const {
    return static_cast<std::size_t>(std::upper_bound(resT_.begin(), resT_.end(), t) - resT_.begin());
}

std::size_t TimelineModel::firstReleaseAtOrAfter(double t) const {
    return static_cast<std::size_t>(std::lower_bound(relT_.begin(), relT_.end(), t) - relT_.begin());
}

}  // namespace cs::ui
