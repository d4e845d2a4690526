// AvailableMemory: MemAvailable, lowered by the cgroup v2 / v1 limits of the
// process's cgroup and its parents, read from a fake /proc and cgroup tree.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "program/available_memory.h"

using cs::AvailableMemory;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

// A throwaway directory holding proc/ and cgroup/.
struct FakeRoot {
    fs::path dir;
    FakeRoot() {
        dir = fs::temp_directory_path() / ("coroscope-availmem-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(dir);
        fs::create_directories(dir / "proc" / "self");
        fs::create_directories(dir / "cgroup");
    }
    ~FakeRoot() { fs::remove_all(dir); }
    void put(const std::string& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel) << text;
    }
    std::optional<std::uint64_t> bytes() const {
        return AvailableMemory::bytes((dir / "proc").string(), (dir / "cgroup").string());
    }
};

}  // namespace

TEST_CASE("MemAvailable is read in kB from meminfo's text", "[memory]") {
    CHECK(AvailableMemory::memAvailable("MemTotal: 100 kB\nMemFree: 5 kB\nMemAvailable:    2048 kB\n") == 2048u * 1024);
    CHECK_FALSE(AvailableMemory::memAvailable("MemTotal: 100 kB\n").has_value());
    CHECK_FALSE(AvailableMemory::memAvailable("MemAvailable: lots kB\n").has_value());
}

TEST_CASE("without a cgroup limit the memory available is MemAvailable", "[memory]") {
    FakeRoot r;
    r.put("proc/meminfo", "MemAvailable: 8388608 kB\n");
    r.put("proc/self/cgroup", "0::/user.slice\n");
    r.put("cgroup/user.slice/memory.max", "max\n");
    r.put("cgroup/user.slice/memory.current", "1000\n");
    CHECK(r.bytes() == 8 * kGiB);
}

TEST_CASE("a cgroup v2 limit below MemAvailable leaves its room: max minus current", "[memory]") {
    FakeRoot r;
    r.put("proc/meminfo", "MemAvailable: 8388608 kB\n");
    r.put("proc/self/cgroup", "0::/a/b\n");
    r.put("cgroup/a/b/memory.max", "max\n");
    r.put("cgroup/a/memory.max", std::to_string(3 * kGiB) + "\n");  // a parent's limit counts too
    r.put("cgroup/a/memory.current", std::to_string(1 * kGiB) + "\n");
    CHECK(r.bytes() == 2 * kGiB);
}

TEST_CASE("a cgroup v1 memory controller's limit counts, its unlimited value does not", "[memory]") {
    FakeRoot r;
    r.put("proc/meminfo", "MemAvailable: 8388608 kB\n");
    r.put("proc/self/cgroup", "5:cpu,cpuacct:/x\n4:memory:/docker/abc\n");
    r.put("cgroup/memory/docker/abc/memory.limit_in_bytes", std::to_string(4 * kGiB) + "\n");
    r.put("cgroup/memory/docker/abc/memory.usage_in_bytes", std::to_string(3 * kGiB) + "\n");
    r.put("cgroup/memory/docker/memory.limit_in_bytes", "9223372036854771712\n");
    CHECK(r.bytes() == 1 * kGiB);
}

TEST_CASE("usage above the limit leaves no room; nothing readable gives no figure", "[memory]") {
    FakeRoot r;
    CHECK_FALSE(r.bytes().has_value());
    r.put("proc/self/cgroup", "0::/\n");
    r.put("cgroup/memory.max", "1000\n");
    r.put("cgroup/memory.current", "2000\n");
    CHECK(r.bytes() == 0u);
}
