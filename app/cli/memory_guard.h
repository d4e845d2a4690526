#pragma once
// The CLI's side of RunMemory: `--memory-limit SIZE` and `--force` on the
// commands that run a scenario (run, export), and the check before a run.
#include <optional>
#include <string>

#include "model/scenario.h"

namespace cs::cli {

struct MemoryArgs {
    std::string limit;   // "" = what this machine has (AvailableMemory); else bytes, or with k/M/G
    bool force = false;  // run whatever the estimate says
};

class MemoryGuard {
public:
    // Empty when the run may start; else the one-line error (no "error: "),
    // which says how to override it.
    static std::optional<std::string> check(const Scenario& s, bool generated, const MemoryArgs& args);
    // "8G", "512M", "100k", "123456" in bytes; nullopt when not a size.
    static std::optional<std::uint64_t> parseSize(const std::string& text);
};

}  // namespace cs::cli
