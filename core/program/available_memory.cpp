#include "program/available_memory.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace cs {

namespace {

std::optional<std::string> readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::optional<std::uint64_t> number(std::string_view s) {
    s = trim(s);
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<std::uint64_t> numberIn(const std::string& path) {
    const auto text = readText(path);
    return text ? number(*text) : std::nullopt;
}

// A v1 "unlimited" limit is a page-rounded 2^63 - 1; anything this large is no limit.
constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 60;

// The least room left by the limits on `dir` and its parents up to `root`.
// `limitFile`/`usageFile` name the files; a limit of "max" (v2) is none.
std::optional<std::uint64_t> roomUpTo(std::string dir, const std::string& root, const char* limitFile,
                                      const char* usageFile) {
    std::optional<std::uint64_t> best;
    for (;;) {
        const auto limitText = readText(dir + "/" + limitFile);
        if (limitText && trim(*limitText) != "max") {
            const auto limit = number(*limitText);
            const auto usage = numberIn(dir + "/" + usageFile);
            if (limit && *limit < kNoLimit) {
                const std::uint64_t room = usage && *usage < *limit ? *limit - *usage : 0;
                best = best ? std::min(*best, room) : room;
            }
        }
        if (dir.size() <= root.size()) break;
        const auto slash = dir.find_last_of('/');
        if (slash == std::string::npos || slash < root.size()) break;
        dir.resize(std::max(slash, root.size()));
    }
    return best;
}

}  // namespace

std::optional<std::uint64_t> AvailableMemory::memAvailable(std::string_view meminfo) {
    constexpr std::string_view kKey = "MemAvailable:";
    const auto at = meminfo.find(kKey);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = meminfo.substr(at + kKey.size());
    rest = rest.substr(0, rest.find('\n'));
    rest = trim(rest);
    if (rest.size() >= 2 && rest.substr(rest.size() - 2) == "kB") rest.remove_suffix(2);
    const auto kb = number(rest);
    if (!kb) return std::nullopt;
    return *kb * 1024;
}

std::optional<std::uint64_t> AvailableMemory::cgroupRoom(std::string_view selfCgroup, const std::string& cgroupRoot) {
    std::optional<std::uint64_t> best;
    const auto take = [&](std::optional<std::uint64_t> room) {
        if (room) best = best ? std::min(*best, *room) : *room;
    };
    while (!selfCgroup.empty()) {
        const auto nl = selfCgroup.find('\n');
        const std::string_view line = selfCgroup.substr(0, nl);
        selfCgroup = nl == std::string_view::npos ? std::string_view() : selfCgroup.substr(nl + 1);
        // hierarchy-id:controllers:path
        const auto c1 = line.find(':');
        const auto c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string_view::npos) continue;
        const std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
        std::string path(trim(line.substr(c2 + 1)));
        if (path == "/") path.clear();
        if (line.substr(0, c1) == "0" && controllers.empty()) {  // cgroup v2
            take(roomUpTo(cgroupRoot + path, cgroupRoot, "memory.max", "memory.current"));
            continue;
        }
        bool memory = false;  // v1: the memory controller's hierarchy
        for (std::size_t p = 0; p <= controllers.size();) {
            const auto comma = std::min(controllers.find(',', p), controllers.size());
            if (controllers.substr(p, comma - p) == "memory") memory = true;
            p = comma + 1;
        }
        if (memory) {
            const std::string base = cgroupRoot + "/memory";
            take(roomUpTo(base + path, base, "memory.limit_in_bytes", "memory.usage_in_bytes"));
        }
    }
    return best;
}

std::optional<std::uint64_t> AvailableMemory::bytes(const std::string& procRoot, const std::string& cgroupRoot) {
    std::optional<std::uint64_t> best;
    if (const auto meminfo = readText(procRoot + "/meminfo")) best = memAvailable(*meminfo);
    if (const auto self = readText(procRoot + "/self/cgroup"))
        if (const auto room = cgroupRoom(*self, cgroupRoot)) best = best ? std::min(*best, *room) : *room;
    return best;
}

std::optional<std::uint64_t> AvailableMemory::bytes() { return bytes("/proc", "/sys/fs/cgroup"); }

}  // namespace cs
