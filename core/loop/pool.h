#pragma once
// Size-class free lists for the engine's many small objects (handles, futures,
// tasks, coroutine frames). A run allocates and frees millions of them; the
// pool makes that a pointer swap and removes malloc's per-chunk header.
// Thread-local: every Simulation runs on one thread (sweeps use one per thread).
#include <cstddef>
#include <cstdlib>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cs::detail {

//
// Granule: objects are carved in multiples of it, so every address is
// Granule-aligned. Engine objects (futures, tasks, handles) need 8 and use
// Pool (a 40-byte future takes 40 bytes, not 48); coroutine frames keep
// operator new's 16 (FramePool).
template <std::size_t Granule>
class BasicPool {
public:
    static constexpr std::size_t kGranule = Granule;
    static constexpr std::size_t kClasses = 1024 / Granule;  // up to 1 KiB; bigger goes to malloc

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
    static constexpr std::size_t kHugePage = 2u << 20;
    struct Node { Node* next; };
    struct Slab { Slab* next; };
    struct State {
        Node* free[kClasses] = {};
        char* cur = nullptr;
        char* end = nullptr;
        Slab* slabs = nullptr;
        std::size_t slabSize = 64 * 1024;
        void* carve(std::size_t bytes) {
            if (static_cast<std::size_t>(end - cur) < bytes) {
                // Slabs grow geometrically (to 4 MiB) so a million objects cost few mallocs.
                if (slabSize < (4u << 20)) slabSize *= 2;
                char* raw = nullptr;
                if (slabSize >= kHugePage) {
                    // Big slabs on 2 MiB boundaries, marked for transparent huge
                    // pages: far fewer page faults and TLB misses for big runs.
                    raw = static_cast<char*>(std::aligned_alloc(kHugePage, slabSize));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
                    if (raw) ::madvise(raw, slabSize, MADV_HUGEPAGE);
#endif
                } else {
                    raw = static_cast<char*>(std::malloc(slabSize));
                }
                if (!raw) throw std::bad_alloc();
                Slab* s = reinterpret_cast<Slab*>(raw);
                s->next = slabs;
                slabs = s;
                cur = raw + kGranule;
                end = raw + slabSize;
            }
            void* p = cur;
            cur += bytes;
            return p;
        }
        ~State() {
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

// Mix-in: class-specific new/delete through the pool.
struct Pooled {
    static void* operator new(std::size_t n) { return Pool::alloc(n); }
    static void operator delete(void* p, std::size_t n) noexcept { Pool::free(p, n); }
};

}  // namespace cs::detail
