#pragma once
// A question a lesson asks of a run: "when does task 0 end?", "in which
// order does main() get the results?", "how many tasks fail at t = 0?".
// Written in the lesson file as an object with one key, the query's name,
// whose value holds its arguments:
//
//   {"end_time": {}}                          time of `end` (the makespan)
//   {"outcome": {}}                           "ok", "raised:Name", "deadlock"
//   {"time": {"task": 0, "ev": "terminal"}}   time of the task's first such event;
//   {"time": {"ev": "raise"}}                   without task: the first such event;
//   {"time": {"ev": "limit", "nth": 3}}         "nth" (from 1): the nth such event
//   {"duration": {"task": 2, "from": "running", "to": "terminal"}}
//   {"tasks": {"ev": "cancelled", "t": 1.5}}  ids of the tasks with such an event
//                                               (at instant t), ascending
//   {"order": {"ev": "result"}}               the same, in the order they happened
//   {"first": {"ev": "result"}}               the first of that order
//   {"times": {"ev": "result"}}               the times of those events, in that order
//   {"count": {"ev": "failed", "t": 0.0}}     how many tasks
//   {"state": {"task": 5}}                    "done", "failed", "cancelled"
//   {"in_flight": {"t": 0.1}}, {"waiting": {"t": 0.1}}   spec section 5, after instant t
//   {"peak_in_flight": {}}, {"peak_waiting": {}}
//   {"throughput": {}}                        tasks done per second of makespan
//   {"counter": {}}, {"counter_expected": {}} the shared counter's final value /
//                                               the increments that completed
//   {"limits": {"n": 3}}                      the values of the `limit` events, in order
//                                               (optional: the first n; "t": at instant t)
//   {"sequence": {"ev": ["raise", "cancelled"]}}   those kinds' names in the order they
//                                               happened, repeats in a row merged
//
// `ev` is a trace event name (spec section 4 or docs/trace-extensions.md) or
// "terminal" (done, failed or cancelled). tasks/order/first/times/count on
// `result` take an optional "ok": true/false; they count a task once, at its
// first such event (times of caller-side events: every one). Instants match
// within 1e-6 s.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lessons/claim_value.h"
#include "lessons/run_facts.h"

namespace cs::lessons {

class ClaimQuery {
public:
    enum class Kind {
        EndTime, Outcome, Time, Duration, Tasks, Order, First, Times, Count, State,
        InFlight, Waiting, PeakInFlight, PeakWaiting, Throughput, Counter, CounterExpected,
        Limits, Sequence,
    };

    // Parses the query object at `path` ("claims[2].query"); a bad one
    // throws LoadFailure naming the field ("claims[2].query.time.ev: unknown event \"dne\"").
    static ClaimQuery fromJson(const nlohmann::json& v, const std::string& path);

    // The value in this run; none when the run has no answer (no such event).
    ClaimValue evaluate(const RunFacts& facts) const;

    Kind kind() const { return kind_; }
    const std::string& name() const { return name_; }

private:
    std::vector<EvKind> kindsOf(const std::vector<std::string>& events) const;
    std::vector<FactEvent> matching(const RunFacts& facts) const;

    Kind kind_ = Kind::EndTime;
    std::string name_;
    std::int32_t task_ = -1;                 // -1: none given
    std::vector<std::string> events_;        // ev (several for sequence); from/to for duration
    std::optional<double> at_;               // t
    std::optional<bool> ok_;                 // result's ok
    std::int64_t nth_ = 1;                   // time: the nth matching event (from 1)
    std::optional<std::int64_t> n_;          // limits: the first n values
};

}  // namespace cs::lessons
