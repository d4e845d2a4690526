#pragma once
// Scenario files in and out (spec section 1). Errors name the field path:
//   tasks[3].steps[0].io: must be >= 0
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/scenario.h"

namespace cs {

struct LoadError {
    std::string path;     // "tasks[3].steps[0].io" ("" for the whole file)
    std::string message;  // "must be >= 0"
    std::string what() const { return path.empty() ? message : path + ": " + message; }
};

struct LoadResult {
    std::optional<Scenario> scenario;  // set on success
    std::optional<LoadError> error;    // set on failure
    bool generated = false;            // the tasks came from "generate" (errors about their count name generate.count)
    bool ok() const { return scenario.has_value(); }
};

// Hard caps so that no input can exhaust memory or time.
inline constexpr std::size_t kMaxTasks = 10'000'000;
inline constexpr std::size_t kMaxStepsTotal = 50'000'000;
inline constexpr std::size_t kMaxFileBytes = 1ull << 30;

// Lower caps for callers that must stay fast on any input (the fuzzer, a
// preview). Values above the hard caps are clamped to them.
struct ParseOptions {
    std::size_t maxTasks = kMaxTasks;
    std::size_t maxStepsTotal = kMaxStepsTotal;
    // Read with the streaming parser only (SaxBuilder), as for text simdjson
    // refuses: the tests and the fuzzer check that both readings agree.
    bool streamingOnly = false;
};

// Validates every field of spec sections 1-2.1 and reports the first problem
// as LoadError (path + message); `generate` is expanded here (generator.h).
// Unknown fields are ignored (newer files still load); a known field with the
// wrong type is an error; null means "left out" for optional fields;
// integers may be written 3.0; numbers must be finite; nesting is limited to
// 64 levels. Text that is not JSON gives path "" and "not JSON: ..." (a NUL
// byte, what binary and UTF-16 files hold, is named as such). A UTF-8 byte
// order mark at the start is skipped. Messages are valid UTF-8: file bytes
// that are not are escaped (\xff).
LoadResult parseScenario(std::string_view json);
LoadResult parseScenario(std::string_view json, const ParseOptions& options);
// Reads the file, then parseScenario. A file that cannot be read gives path ""
// and "<path>: cannot read file: <strerror>"; one larger than kMaxFileBytes
// "<path>: the file is larger than the limit of 1073741824 bytes".
LoadResult loadScenarioFile(const std::string& path);

// Writes a scenario as a coroscope-scenario/1 JSON document with an explicit
// task list (what `coroscope-cli expand` prints). parseScenario(toJson(s)) == s
// for every scenario parseScenario made. Defaults are left out (arrive 0, no
// timeout, false flags, limit none, collect gather, max_workers 4), as are
// fields that do not belong to the limit's or collector's kind. Layout is
// json.dumps(indent=indent) (indent < 0: compact), no trailing newline;
// numbers are the shortest text that reads back as the same double.
// Precondition: each task's steps lie inside s.steps and Raise steps index
// s.excNames.
std::string toJson(const Scenario& s, int indent = 1);

// A run's limit and collector as its trace's first line (docs/trace-extensions.md,
// "limiter"): {"t": 0.0, "ev": "limiter", "limit": {...}, "collect": {...}}, the
// objects as toJson writes them (the limit's kind always, "none" too), then
// "executor" and "process_pool" ({"max_workers": N}) for the pools it tells,
// on one line with json.dumps' separators.
std::string limiterLine(const Limiter& limiter);
// Reads such a line's "limit" (required), "collect" (absent: gather),
// "executor" and "process_pool" (absent: not told) as a scenario's (the
// same checks and messages: "limit.value: must be an integer >= 0"); other
// members are not looked at. The error, or nullopt and `out` set.
std::optional<LoadError> parseLimiter(std::string_view line, Limiter& out);

}  // namespace cs
