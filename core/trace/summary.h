#pragma once
// Spec section 5 metrics of one run, computed incrementally as a sink (O(1)
// per event apart from the latency list) or from a finished TraceStore.
//
// Definitions beyond the spec's table:
//   tasks            distinct task ids that were `created`
//   latency pXX      nearest-rank percentile: sort the n latencies ascending,
//                    take the one at rank ceil(XX/100 * n) (1-based); no
//                    interpolation, so every reported value is one a task
//                    really had. null when no task qualifies.
//   peak_in_flight,  maxima of the counts, updated event by event in trace
//   peak_waiting     order: at one instant, a task that ends before another
//                    starts (as the loop ran them) is not counted twice.
//   makespan_s       t of `end`; before `end` (a live run), t of the last event
//   throughput_per_s ok / makespan_s; 0 when makespan_s is 0
//   error_rate       (failed + cancelled) / tasks; 0 when tasks is 0
//   outcome          "ok", "raised:Name", "deadlock"; null before `end`
//   events           lines of the JSONL trace (a Swallowed marker is a note on
//                    the `done` line after it, not a line of its own)
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

class TraceStore;

class Summary final : public TraceSink {
public:
    void append(const TraceEvent& e, const Symbols& symbols) override;
    void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) override;
    void reset() override;

    static Summary of(const TraceStore& store);

    double makespan() const { return ended_ ? endTime_ : lastTime_; }
    double throughput() const;
    std::size_t tasks() const { return tasks_; }
    std::size_t ok() const { return ok_; }
    std::size_t failed() const { return failed_; }
    std::size_t cancelled() const { return cancelled_; }
    double errorRate() const;
    // Nearest-rank percentile (p in (0, 100]) of request->terminal latency.
    std::optional<double> latencyPercentile(double p) const;
    std::size_t peakInFlight() const { return peakInFlight_; }
    std::size_t peakWaiting() const { return peakWaiting_; }
    std::size_t events() const { return events_; }
    bool ended() const { return ended_; }
    // "ok", "raised:Name", "deadlock"; empty before the end event.
    const std::string& outcome() const { return outcome_; }

    // One JSON object, keys in a fixed readable order:
    // {"makespan_s", "throughput_per_s", "tasks", "ok", "failed", "cancelled",
    //  "error_rate", "latency_p50_s", "latency_p95_s", "latency_p99_s",
    //  "peak_in_flight", "peak_waiting", "outcome", "events"}
    nlohmann::ordered_json toJson() const;

private:
    // EndedTimed: ended with a latency, which then replaces its request time.
    enum class State : std::uint8_t { Unseen, Created, Waiting, Running, Ended, EndedTimed };
    State& stateOf(std::int32_t task) {
        const auto i = static_cast<std::size_t>(task);
        if (i >= state_.size()) grow(i);
        return state_[i];
    }
    void grow(std::size_t i);
    void taskEvent(const TraceEvent& e);
    void otherEvent(const TraceEvent& e, const Symbols& symbols);

    std::vector<double>& latencyValues() const;

    std::vector<State> state_;                 // by task id
    mutable std::vector<double> requestTime_;  // by task id: NaN until request, the latency once EndedTimed
    std::size_t timed_ = 0;                    // tasks EndedTimed
    // The latencies for the percentiles (reordered by each selection): a
    // copy during a run; after `end` the per-task columns are done with and
    // requestTime_ itself holds them (no second 8 MB array at a million-task
    // run's peak).
    mutable std::vector<double> latencies_;
    mutable bool latenciesReady_ = false;
    // The index of the last percentile selection in the latency list (see
    // latencyPercentile), kNoPivot when the list was (re)built since.
    static constexpr std::size_t kNoPivot = static_cast<std::size_t>(-1);
    mutable std::size_t pivot_ = kNoPivot;
    mutable bool columnsSpent_ = false;  // requestTime_ holds the latencies
    std::size_t tasks_ = 0, ok_ = 0, failed_ = 0, cancelled_ = 0;
    std::size_t inFlight_ = 0, waiting_ = 0, peakInFlight_ = 0, peakWaiting_ = 0;
    std::size_t events_ = 0;
    double lastTime_ = 0.0, endTime_ = 0.0;
    bool ended_ = false;
    std::string lastRaise_;
    std::string outcome_;
};

}  // namespace cs
