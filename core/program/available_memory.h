#pragma once
// How much memory a run may still take on this machine: MemAvailable from
// /proc/meminfo, or less when the process's cgroup (v2 memory.max minus
// memory.current, v1 memory.limit_in_bytes minus memory.usage_in_bytes, on
// the cgroup and each of its parents) leaves less room. Linux only; nullopt
// when nothing can be read (then no run is refused for its size).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cs {

class AvailableMemory {
public:
    // This process's: /proc and /sys/fs/cgroup.
    static std::optional<std::uint64_t> bytes();
    // The same rule over other roots (tests build a fake /proc and cgroup tree).
    static std::optional<std::uint64_t> bytes(const std::string& procRoot, const std::string& cgroupRoot);

    // "MemAvailable:  123 kB" of a /proc/meminfo text, in bytes.
    static std::optional<std::uint64_t> memAvailable(std::string_view meminfo);
    // The least room any cgroup (and parent) of /proc/self/cgroup's text
    // leaves under `cgroupRoot`; nullopt when none has a limit.
    static std::optional<std::uint64_t> cgroupRoom(std::string_view selfCgroup, const std::string& cgroupRoot);
};

}  // namespace cs
