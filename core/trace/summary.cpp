#include "trace/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "loop/pool.h"
#include "trace/trace_store.h"

namespace cs {

void Summary::grow(std::size_t i) {
    // Geometric, like the vectors' capacity: one call per doubling, not per task.
    const std::size_t n = std::max(i + 1, state_.size() * 2);
    detail::reserveHuge(state_, n);
    detail::reserveHuge(requestTime_, n);
    state_.resize(n, State::Unseen);
    requestTime_.resize(n, std::numeric_limits<double>::quiet_NaN());
}

// The per-task part of append(): the task's state_ and requestTime_ entries
// exist (the caller grew them), the columns are not spent.
inline void Summary::taskEvent(const TraceEvent& e) {
    const auto i = static_cast<std::size_t>(e.task);
    State& s = state_[i];
    switch (e.kind) {
        case EvKind::Created:
            if (s == State::Unseen) ++tasks_;
            s = State::Created;
            break;
        case EvKind::Request:
            if (s == State::EndedTimed) --timed_;  // not in a valid trace: its latency is gone
            requestTime_[i] = e.t;
            if (s != State::Waiting) {
                s = State::Waiting;
                peakWaiting_ = std::max(peakWaiting_, ++waiting_);
            }
            break;
        case EvKind::Running:
            if (s == State::Waiting) --waiting_;
            if (s != State::Running) {
                s = State::Running;
                peakInFlight_ = std::max(peakInFlight_, ++inFlight_);
            }
            break;
        default: {  // terminal
            if (s == State::Waiting) --waiting_;
            if (s == State::Running) --inFlight_;
            const bool timedBefore = s == State::EndedTimed;  // a second end (not in a valid trace)
            s = timedBefore ? State::EndedTimed : State::Ended;
            if (e.kind == EvKind::Done) ++ok_;
            else if (e.kind == EvKind::Failed) ++failed_;
            else ++cancelled_;
            double& req = requestTime_[i];
            if (e.kind != EvKind::Cancelled && !timedBefore && !std::isnan(req)) {
                req = e.t - req;
                s = State::EndedTimed;
                ++timed_;
                latenciesReady_ = false;
            }
            break;
        }
    }
}

// Events without a task lane (and per-task events once the columns are spent).
void Summary::otherEvent(const TraceEvent& e, const Symbols& symbols) {
    if (e.kind == EvKind::Raise) {
        lastRaise_ = std::string(symbols.name(e.arg));
    } else if (e.kind == EvKind::End) {
        ended_ = true;
        endTime_ = e.t;
        switch (static_cast<Outcome>(e.arg)) {
            case Outcome::Ok: outcome_ = "ok"; break;
            case Outcome::Raised: outcome_ = "raised:" + (e.task >= 0 ? std::string(symbols.name(e.task)) : lastRaise_); break;
            case Outcome::Deadlock: outcome_ = "deadlock"; break;
            default: outcome_ = "unknown"; break;
        }
    }
}

void Summary::append(const TraceEvent& e, const Symbols& symbols) {
    // `events` counts trace lines: Swallowed is a note on the Done after it.
    if (e.kind != EvKind::Swallowed) ++events_;
    lastTime_ = e.t;
    if (e.task >= 0 && e.kind <= EvKind::Cancelled && !columnsSpent_) {
        if (static_cast<std::size_t>(e.task) >= state_.size()) grow(static_cast<std::size_t>(e.task));
        taskEvent(e);
    } else {
        otherEvent(e, symbols);
    }
}

// append() for each event, with the column growth checked once per batch.
void Summary::appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
    if (n == 0) return;
    if (columnsSpent_) {
        for (std::size_t i = 0; i < n; ++i) Summary::append(e[i], symbols);
        return;
    }
    std::int32_t top = -1;
    for (std::size_t i = 0; i < n; ++i)
        if (e[i].kind <= EvKind::Cancelled && e[i].task > top) top = e[i].task;
    if (top >= 0 && static_cast<std::size_t>(top) >= state_.size()) grow(static_cast<std::size_t>(top));
    std::size_t lines = n;
    for (std::size_t i = 0; i < n; ++i) {
        if (e[i].task >= 0 && e[i].kind <= EvKind::Cancelled)
            taskEvent(e[i]);
        else if (e[i].kind == EvKind::Raise || e[i].kind == EvKind::End)
            otherEvent(e[i], symbols);
        else if (e[i].kind == EvKind::Swallowed)
            --lines;  // a note on the Done after it, not a line
    }
    events_ += lines;
    lastTime_ = e[n - 1].t;
}

void Summary::reset() { *this = Summary{}; }

Summary Summary::of(const TraceStore& store) {
    Summary s;
    for (std::size_t i = 0; i < store.size(); ++i) s.append(store.at(i), store.symbols());
    return s;
}

double Summary::throughput() const {
    const double m = makespan();
    return m > 0.0 ? static_cast<double>(ok_) / m : 0.0;
}

double Summary::errorRate() const {
    return tasks_ > 0 ? static_cast<double>(failed_ + cancelled_) / static_cast<double>(tasks_) : 0.0;
}

std::vector<double>& Summary::latencyValues() const {
    if (columnsSpent_) return requestTime_;
    if (ended_) {
        // After `end` the per-task columns are done with: gather the latencies
        // to the front of requestTime_ (w never passes i) and work there.
        std::size_t w = 0;
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i] == State::EndedTimed) requestTime_[w++] = requestTime_[i];
        requestTime_.resize(w);
        columnsSpent_ = true;
        pivot_ = kNoPivot;
        latencies_ = {};
        return requestTime_;
    }
    if (!latenciesReady_) {
        latencies_.clear();
        latencies_.reserve(timed_);
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i] == State::EndedTimed) latencies_.push_back(requestTime_[i]);
        latenciesReady_ = true;
        pivot_ = kNoPivot;
    }
    return latencies_;
}

std::optional<double> Summary::latencyPercentile(double p) const {
    if (timed_ == 0 || !(p > 0.0) || p > 100.0) return std::nullopt;
    std::vector<double>& lat = latencyValues();
    const auto n = static_cast<double>(lat.size());
    // Nearest rank: ceil(p/100 * n), 1-based. Multiplying first keeps p*n an
    // exact integer for integral p, so 95% of 20 is rank 19, not
    // ceil(0.95 * 20) = ceil(19.000000000000004) = 20.
    auto rank = static_cast<std::size_t>(std::ceil(p * n / 100.0));
    rank = std::clamp<std::size_t>(rank, 1, lat.size());
    // The rank-th smallest, in linear time (a full sort of a million
    // latencies cost more than the three selections). The previous selection
    // left everything before its pivot <= it <= everything after, so a later
    // rank only needs to search one side (p50, then p95, then p99: about 1.5
    // passes instead of 3).
    const std::size_t k = rank - 1;
    auto first = lat.begin();
    auto last = lat.end();
    if (pivot_ < lat.size()) {
        if (k == pivot_) return lat[k];
        if (k > pivot_)
            first += static_cast<std::ptrdiff_t>(pivot_ + 1);
        else
            last = lat.begin() + static_cast<std::ptrdiff_t>(pivot_);
    }
    const auto kth = lat.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(first, kth, last);
    pivot_ = k;
    return *kth;
}

nlohmann::ordered_json Summary::toJson() const {
    auto opt = [](std::optional<double> v) {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json j;
    j["makespan_s"] = makespan();
    j["throughput_per_s"] = throughput();
    j["tasks"] = tasks_;
    j["ok"] = ok_;
    j["failed"] = failed_;
    j["cancelled"] = cancelled_;
    j["error_rate"] = errorRate();
    j["latency_p50_s"] = opt(latencyPercentile(50));
    j["latency_p95_s"] = opt(latencyPercentile(95));
    j["latency_p99_s"] = opt(latencyPercentile(99));
    j["peak_in_flight"] = peakInFlight_;
    j["peak_waiting"] = peakWaiting_;
    j["outcome"] = ended_ ? nlohmann::ordered_json(outcome_) : nlohmann::ordered_json(nullptr);
    j["events"] = events_;
    return j;
}

}  // namespace cs
