#pragma once
// What a run will need in memory, estimated before it starts, and the
// refusal of a run that will not fit (so that a huge `generate` ends with a
// clear message instead of std::bad_alloc or the OOM killer).
//
// The estimate is an upper-ish bound made of costs measured on the
// million-task runs recorded in BENCHMARKS.md ("Memory per task"):
//   the scenario itself (its tasks and steps, exactly),
//   + per task, by kind: a lean task, a coroutine task, the wait_for task a
//     timeout adds, a job waiting in a queue limit's queue,
//   + per trace event (the run keeps its trace in memory; events per task
//     estimated from the steps and the limit),
//   + a fixed base for the process.
// It assumes every task is alive at once (gather creates them all before
// any ends). tests/support/memory_estimate_test.py checks it against the
// measured peak RSS of real runs: measured <= estimate <= 3 x measured.
#include <cstdint>
#include <optional>
#include <string>

#include "model/scenario.h"

namespace cs {

class RunMemory {
public:
    // Bytes a run of `s` needs in all (peak RSS), the loaded scenario included.
    static std::uint64_t estimate(const Scenario& s);
    // Bytes the loaded scenario itself holds (already in use when a caller
    // compares estimate(s) - scenarioBytes(s) with the memory available).
    static std::uint64_t scenarioBytes(const Scenario& s);

    // Empty when a run of `s` fits in `available` bytes (nullopt available:
    // unknown, nothing is refused); otherwise the one-line reason, naming
    // `field` ("generate.count" for a generated scenario, else "tasks"):
    //   generate.count: 10000000 tasks need about 14210 MB more memory to run; 11020 MB are available
    // ("more": beyond the loaded scenario, which `available` already lacks).
    static std::optional<std::string> refusal(const Scenario& s, const std::string& field,
                                              std::optional<std::uint64_t> available);

    // The field a refusal names: "generate.count" for a generated scenario
    // (LoadResult::generated), else "tasks".
    static std::string countField(bool generated);
    // refusal() against this machine's AvailableMemory::bytes().
    static std::optional<std::string> refusalHere(const Scenario& s, bool generated);

    // "1234 MB": the unit the messages use (bytes rounded up to MiB).
    static std::string megabytes(std::uint64_t bytes);
};

}  // namespace cs
