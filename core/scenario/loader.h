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
};

LoadResult parseScenario(std::string_view json);       // `generate` is expanded here
LoadResult parseScenario(std::string_view json, const ParseOptions& options);
LoadResult loadScenarioFile(const std::string& path);  // reads the file, then parseScenario

// Writes a scenario as a coroscope-scenario/1 JSON document with an explicit
// task list (what `coroscope-cli expand` prints). parseScenario(toJson(s)) == s.
std::string toJson(const Scenario& s, int indent = 1);

}  // namespace cs
