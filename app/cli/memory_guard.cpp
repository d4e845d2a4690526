#include "memory_guard.h"

#include <charconv>
#include <limits>

#include "program/available_memory.h"
#include "program/run_memory.h"

namespace cs::cli {

std::optional<std::uint64_t> MemoryGuard::parseSize(const std::string& text) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p == text.data()) return std::nullopt;
    std::uint64_t unit = 1;
    if (p != end) {
        if (p + 1 != end) return std::nullopt;
        switch (*p) {
            case 'k': case 'K': unit = 1ull << 10; break;
            case 'm': case 'M': unit = 1ull << 20; break;
            case 'g': case 'G': unit = 1ull << 30; break;
            default: return std::nullopt;
        }
    }
    if (v > std::numeric_limits<std::uint64_t>::max() / unit) return std::nullopt;
    return v * unit;
}

std::optional<std::string> MemoryGuard::check(const Scenario& s, bool generated, const MemoryArgs& args) {
    if (args.force) return std::nullopt;
    const std::optional<std::uint64_t> available =
        args.limit.empty() ? AvailableMemory::bytes() : parseSize(args.limit);
    const auto why = RunMemory::refusal(s, RunMemory::countField(generated), available);
    if (!why) return std::nullopt;
    return *why + " (--force runs it anyway)";
}

}  // namespace cs::cli
