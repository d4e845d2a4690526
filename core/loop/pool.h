#pragma once
// Size-class free lists for the engine's many small objects (handles, futures,
// tasks, coroutine frames). A run allocates and frees millions of them; the
// pool makes that a pointer swap and removes malloc's per-chunk header.
// Thread-local: every Simulation runs on one thread (sweeps use one per thread).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "loop/prefault.h"

namespace cs::detail {

inline constexpr std::size_t kHugePageBytes = 2u << 20;

// madvise(MADV_HUGEPAGE) on [lo, hi) when it is not empty. A hint only.
inline void adviseHugePagesRange(std::uintptr_t lo, std::uintptr_t hi) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#else
    (void)lo;
    (void)hi;
#endif
}

// Asks for transparent huge pages on the 2 MiB-aligned part of [p, p+bytes)
// not touched yet: one page fault per 2 MiB instead of 512.
inline void adviseHugePages(void* p, std::size_t bytes) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    adviseHugePagesRange((a + kHugePageBytes - 1) & ~(kHugePageBytes - 1), (a + bytes) & ~(kHugePageBytes - 1));
}

// The same for every page [p, p+bytes) touches: a malloc'ed block that is a
// mapping of its own stays one mapping (mremap can still move it).
inline void adviseHugePagesCovering(void* p, std::size_t bytes) {
    constexpr std::uintptr_t kPage = 4096;
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    adviseHugePagesRange(a & ~(kPage - 1), (a + bytes + kPage - 1) & ~(kPage - 1));
}

// v.reserve(n) for a big per-task array that will be filled: the new buffer
// advised for huge pages, and its unused part prefaulted in the background.
template <class Vector>
void reserveHuge(Vector& v, std::size_t n) {
    if (n <= v.capacity()) return;
    v.reserve(n);
    adviseHugePages(v.data(), v.capacity() * sizeof(*v.data()));
    prefault(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(*v.data()));
}

// std::free()-able memory on a 2 MiB boundary, advised for huge pages.
inline void* allocHugePages(std::size_t bytes) {
    const std::size_t rounded = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
    void* p = std::aligned_alloc(kHugePageBytes, rounded);
    if (p) adviseHugePages(p, rounded);
    return p;
}

// Size-class free lists. Granule: objects are carved in multiples of it, so every address is
// Granule-aligned. Engine objects (futures, tasks, handles) need 8 and use
// Pool (a 40-byte future takes 40 bytes, not 48); coroutine frames keep
// operator new's 16 (FramePool).
template <std::size_t Granule>
class BasicPool {
public:
    static constexpr std::size_t kGranule = Granule;
    static constexpr std::size_t kClasses = 1024 / Granule;  // up to 1 KiB; bigger goes to malloc
    static constexpr std::size_t kMaxSlab = 4u << 20;

    static void* alloc(std::size_t n) {
        const std::size_t c = (n + kGranule - 1) / kGranule;
        if (c >= kClasses) return ::operator new(n);
        Node*& head = local().free[c];
        if (head) {
            Node* p = head;
            head = p->next;
            return p;
        }
        return local().carve(c * kGranule);
    }
    static void free(void* p, std::size_t n) noexcept {
        const std::size_t c = (n + kGranule - 1) / kGranule;
        if (c >= kClasses) {
            ::operator delete(p);
            return;
        }
        Node* node = static_cast<Node*>(p);
        Node*& head = local().free[c];
        node->next = head;
        head = node;
    }

private:
    struct Node { Node* next; };
    struct Slab { Slab* next; };
    struct State {
        Node* free[kClasses] = {};
        char* cur = nullptr;
        char* end = nullptr;
        Slab* slabs = nullptr;
        char* spare = nullptr;  // the next big slab, being prefaulted
        std::size_t slabSize = 64 * 1024;
        void* carve(std::size_t bytes) {
            if (static_cast<std::size_t>(end - cur) < bytes) newSlab();
            void* p = cur;
            cur += bytes;
            return p;
        }
        [[gnu::noinline]] void newSlab() {
            // Slabs grow geometrically (to 4 MiB) so a million objects cost few mallocs.
            if (slabSize < kMaxSlab) slabSize *= 2;
            char* raw = spare ? spare : allocSlab(slabSize);
            spare = nullptr;
            Slab* s = reinterpret_cast<Slab*>(raw);
            s->next = slabs;
            slabs = s;
            cur = raw + kGranule;
            end = raw + slabSize;
            // A run this big will want another: have its pages faulted in
            // on the helper thread while this one fills.
            if (slabSize == kMaxSlab) {
                spare = allocSlab(slabSize);
                prefault(spare, slabSize);
            }
        }
        static char* allocSlab(std::size_t size) {
            // Big slabs on 2 MiB boundaries, marked for transparent huge
            // pages: far fewer page faults and TLB misses for big runs.
            void* raw = size >= kHugePageBytes ? allocHugePages(size) : std::malloc(size);
            if (!raw) throw std::bad_alloc();
            return static_cast<char*>(raw);
        }
        ~State() {
            std::free(spare);
            while (slabs) {
                Slab* n = slabs->next;
                std::free(slabs);
                slabs = n;
            }
        }
    };
    static State& local() {
        thread_local State s;
        return s;
    }
};

using Pool = BasicPool<8>;
using FramePool = BasicPool<16>;

// A standard allocator on the pool (e.g. for a deque's blocks): same thread
// rules as Pooled objects.
template <class T>
struct PoolAllocator {
    using value_type = T;
    PoolAllocator() = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}  // NOLINT: rebinding
    T* allocate(std::size_t n) { return static_cast<T*>(Pool::alloc(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { Pool::free(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const PoolAllocator<U>&) const noexcept { return true; }
};

// Mix-in: class-specific new/delete through the pool.
struct Pooled {
    static void* operator new(std::size_t n) { return Pool::alloc(n); }
    static void operator delete(void* p, std::size_t n) noexcept { Pool::free(p, n); }
};

}  // namespace cs::detail
