// The engine's memory building blocks: the ring buffer behind the ready
// queue, the object pool (and its allocator for std containers), the zeroed
// per-label array, and the helper thread that faults big buffers in.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <deque>
#include <set>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "loop/pool.h"
#include "loop/prefault.h"
#include "loop/ring_queue.h"
#include "loop/zeroed_array.h"

using cs::detail::Pool;
using cs::detail::PoolAllocator;
using cs::detail::RingQueue;
using cs::detail::ZeroedArray;

namespace {

struct Item {
    std::uint64_t a;
    std::uint64_t b;
    std::uint64_t c;
};

Item item(std::uint64_t i) { return Item{i, ~i, i * 7}; }

bool same(const Item& x, std::uint64_t i) { return x.a == i && x.b == ~i && x.c == i * 7; }

#if defined(__linux__)
// Pages of [p, p+bytes) that are resident.
std::size_t residentPages(void* p, std::size_t bytes) {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> vec((bytes + page - 1) / page);
    if (::mincore(p, bytes, vec.data()) != 0) return 0;
    std::size_t n = 0;
    for (unsigned char v : vec) n += v & 1;
    return n;
}
#endif

}  // namespace

TEST_CASE("a ring queue stays FIFO while it grows, wraps and shrinks", "[memory]") {
    RingQueue<Item> q;
    std::uint64_t next = 0, expect = 0;
    // Wrap a small ring: pop some, push more than were popped.
    for (int i = 0; i < 50; ++i) q.push_back(item(next++));
    for (int i = 0; i < 40; ++i) {
        REQUIRE(same(q.front(), expect++));
        q.pop_front();
    }
    // Grow past a million (the last growths add halves of 12 and 24 MB, the
    // size at which the new half is advised for huge pages and prefaulted).
    while (next < (1u << 20) + 500) q.push_back(item(next++));
    REQUIRE(q.size() == next - expect);
    for (std::size_t i = 0; i < q.size(); i += 4099) CHECK(same(q[i], expect + i));
    // Drain to a few: the ring shrinks on the way down and keeps the order.
    while (q.size() > 10) {
        REQUIRE(same(q.front(), expect++));
        q.pop_front();
    }
    for (int i = 0; i < 100000; ++i) q.push_back(item(next++));
    std::uint64_t seen = expect;
    for (const Item& x : q) REQUIRE(same(x, seen++));
    CHECK(seen == next);
    while (!q.empty()) {
        REQUIRE(same(q.front(), expect++));
        q.pop_front();
    }
    CHECK(expect == next);
}

TEST_CASE("pool objects never overlap, across the big slabs that are prefaulted ahead", "[memory]") {
    // 12 MB of 72-byte objects: several 4 MB slabs, each taken from the
    // spare one that was being prefaulted.
    constexpr std::size_t kSize = 72, kCount = 12u * 1024 * 1024 / kSize;
    std::vector<char*> objects;
    objects.reserve(kCount);
    for (std::size_t i = 0; i < kCount; ++i) {
        auto* p = static_cast<char*>(Pool::alloc(kSize));
        std::memset(p, static_cast<int>(i & 0x7f), kSize);
        objects.push_back(p);
    }
    std::set<char*> sorted(objects.begin(), objects.end());
    REQUIRE(sorted.size() == kCount);
    char* prev = nullptr;
    for (char* p : sorted) {
        if (prev) REQUIRE(p >= prev + kSize);
        prev = p;
    }
    for (std::size_t i = 0; i < kCount; i += 997)
        REQUIRE(objects[i][kSize - 1] == static_cast<char>(i & 0x7f));
    // Freed objects are reused before new memory is carved.
    Pool::free(objects[5], kSize);
    CHECK(Pool::alloc(kSize) == objects[5]);
    for (char* p : objects) Pool::free(p, kSize);
}

TEST_CASE("a deque on the pool allocator behaves like a deque", "[memory]") {
    std::deque<Item, PoolAllocator<Item>> d;
    std::deque<Item> reference;
    for (std::uint64_t i = 0; i < 200000; ++i) {
        d.push_back(item(i));
        reference.push_back(item(i));
        if (i % 3 == 0) {
            d.pop_front();
            reference.pop_front();
        }
        if (i % 1000 == 7) {  // deque.remove(x) from the middle, as _waiters.remove does
            d.erase(d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2));
            reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(reference.size() / 2));
        }
    }
    REQUIRE(d.size() == reference.size());
    for (std::size_t i = 0; i < d.size(); ++i) REQUIRE(same(d[i], reference[i].a));
}

TEST_CASE("a zeroed array starts at zero and keeps its values as it grows", "[memory]") {
    ZeroedArray<std::uint32_t> a;
    CHECK(a.size() == 0);
    a.growTo(10);
    REQUIRE(a.size() >= 10);
    for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(a[i] == 0);
    a[3] = 7;
    a[9] = 9;
    a.growTo(11);  // at least doubles
    CHECK(a.size() >= 20);
    a.growTo(3'000'000);  // a big block: calloc'd and prefaulted, not written
    REQUIRE(a.size() >= 3'000'000);
    CHECK(a[3] == 7);
    CHECK(a[9] == 9);
    for (std::size_t i = 10; i < a.size(); i += 4093) REQUIRE(a[i] == 0);
    CHECK(a[a.size() - 1] == 0);
    a.growTo(5);  // never shrinks
    CHECK(a.size() >= 3'000'000);
}

TEST_CASE("prefaulting faults pages in and never changes their contents", "[memory]") {
#if defined(__linux__)
    constexpr std::size_t kBytes = 8u << 20;
    void* m = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(m != MAP_FAILED);
    auto* p = static_cast<unsigned char*>(m);
    // The engine fills a buffer from the front while the helper works on it.
    for (std::size_t i = 0; i < kBytes / 2; ++i) p[i] = static_cast<unsigned char>(i * 31 + 1);
    cs::detail::prefault(p, kBytes);
    cs::detail::prefaultFlush();
    for (std::size_t i = 0; i < kBytes / 2; ++i) REQUIRE(p[i] == static_cast<unsigned char>(i * 31 + 1));
    if (cs::detail::prefaultEnabled()) CHECK(residentPages(p, kBytes) == kBytes / 4096);
    for (std::size_t i = kBytes / 2; i < kBytes; ++i) REQUIRE(p[i] == 0);  // fresh memory stays zero
    ::munmap(m, kBytes);
#else
    SUCCEED("prefaulting is Linux-only");
#endif
}

TEST_CASE("prefaulting ignores small ranges and survives ranges that are gone", "[memory]") {
#if defined(__linux__)
    constexpr std::size_t kBytes = 4u << 20;
    void* m = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(m != MAP_FAILED);
    // Below the threshold: nothing is faulted in.
    cs::detail::prefault(m, cs::detail::kMinPrefaultBytes - 4096);
    cs::detail::prefaultFlush();
    CHECK(residentPages(m, kBytes) == 0);
    // Unmapped before the helper gets to it: the request fails quietly.
    cs::detail::prefault(m, kBytes);
    ::munmap(m, kBytes);
    cs::detail::prefaultFlush();
    // The helper still works afterwards.
    void* m2 = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(m2 != MAP_FAILED);
    cs::detail::prefault(m2, kBytes);
    cs::detail::prefaultFlush();
    if (cs::detail::prefaultEnabled()) CHECK(residentPages(m2, kBytes) == kBytes / 4096);
    ::munmap(m2, kBytes);
#else
    SUCCEED("prefaulting is Linux-only");
#endif
}
