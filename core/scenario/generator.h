#pragma once
// `generate` (spec section 1): a task list described by a count, a seed and
// step durations drawn from distributions, expanded here into explicit tasks.
//
//   "generate": {
//     "count": 1000,                    required, integer >= 0
//     "seed": 42,                       integer in [0, 2^64), default 0
//     "steps": [{"io": {"dist": "exp", "mean": 0.2}}, {"cpu": 0.01}, {"raise": "ValueError"}],
//     "arrive": 0.5 | {"every": s} | {"rate": r} | <distribution>,
//     "timeout": 2.0,                   every task's asyncio.wait_for timeout
//     "fail": {"rate": 0.05, "exc": "RuntimeError"},
//     "ignore_cancel": false, "forget_release": false, "release_twice": false
//   }
//
// Steps are io/cpu/thread/call with a number or a distribution (see
// distribution.h), or raise with a class name. "arrive": {"every": s} makes
// task i arrive at i*s; {"rate": r} is a Poisson process (task i arrives at
// the sum of i+1 exponential gaps of mean 1/r); a distribution draws each
// task's arrival independently. "fail" gives each task, independently with
// probability rate, a trailing raise step of class exc (default RuntimeError).
//
// Determinism: one Rng seeded with `seed` is drawn in task order, and per
// task in this order: arrive (rate or distribution), then each step with a
// non-const distribution, then one draw when "fail" is present. Every
// sampled duration and arrival is rounded to microseconds.
#include <nlohmann/json.hpp>

#include "model/scenario.h"
#include "scenario/exc_interner.h"
#include "scenario/loader.h"

namespace cs {

class Generator {
public:
    // Validates `spec` (found at path "generate") and appends its tasks to
    // `s`, which has none yet. Throws LoadFailure on a bad field, on counts
    // above the caps in `options`, and on a sample that overflows to infinity.
    // Sets `usesCall` to the path of the first call step, if any.
    static void expand(const nlohmann::json& spec, Scenario& s, ExcInterner& excs,
                       const ParseOptions& options, std::string& usesCall);
};

}  // namespace cs
