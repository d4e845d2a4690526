#include "loop/prefault.h"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cs::detail {

namespace {

#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
constexpr bool kSupported = true;
#else
constexpr bool kSupported = false;
#endif

std::atomic<bool> gUnsupported{false};

struct Range {
    std::uintptr_t lo, hi;
};

// One helper thread per process, started by the first request. Never
// destroyed (a detached thread may still wait on the condition variable
// when the process exits).
class Helper {
public:
    void add(Range r) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            queue_.push_back(r);
            ++added_;
            if (!started_) {
                started_ = true;
                std::thread([this] { loop(); }).detach();
            }
        }
        cv_.notify_all();
    }
    void flush() {
        std::unique_lock<std::mutex> lock(mu_);
        const std::uint64_t target = added_;
        cv_.wait(lock, [&] { return done_ >= target; });
    }

private:
    [[noreturn]] void loop() {
        for (;;) {
            Range r;
            {
                std::unique_lock<std::mutex> lock(mu_);
                cv_.wait(lock, [this] { return !queue_.empty(); });
                r = queue_.front();
                queue_.pop_front();
            }
            populate(r);
            {
                std::lock_guard<std::mutex> lock(mu_);
                ++done_;
            }
            cv_.notify_all();
        }
    }
    static void populate(Range r) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
        // A huge page at a time, so that a range the engine has reached
        // meanwhile costs the helper little.
        constexpr std::uintptr_t kStep = 2u << 20;
        for (std::uintptr_t a = r.lo; a < r.hi;) {
            const std::uintptr_t next = (a + kStep) & ~(kStep - 1);  // steps end on huge-page boundaries
            const std::uintptr_t end = next < r.hi ? next : r.hi;
            if (::madvise(reinterpret_cast<void*>(a), end - a, MADV_POPULATE_WRITE) != 0) {
                // EINVAL: a kernel older than 5.14 (no MADV_POPULATE_WRITE):
                // stop asking. Anything else (ENOMEM: the range was freed
                // meanwhile): give this range up.
                if (errno == EINVAL) gUnsupported.store(true, std::memory_order_relaxed);
                return;
            }
            a = end;
        }
#else
        (void)r;
#endif
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Range> queue_;
    std::uint64_t added_ = 0, done_ = 0;
    bool started_ = false;
};

Helper& helper() {
    static Helper* h = new Helper;  // never destroyed, see Helper
    return *h;
}

bool computeEnabled() {
    if (!kSupported) return false;
    const char* env = std::getenv("COROSCOPE_PREFAULT");
    return !(env && std::strcmp(env, "0") == 0);
}

}  // namespace

bool prefaultEnabled() {
    static const bool enabled = computeEnabled();
    return enabled && !gUnsupported.load(std::memory_order_relaxed);
}

void prefault(void* p, std::size_t bytes) {
    if (bytes < kMinPrefaultBytes || !prefaultEnabled()) return;
    constexpr std::uintptr_t kPage = 4096;
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    // Whole pages inside the range only: a partial page at either end may
    // belong to a neighbour (populating it would still be harmless).
    const Range r{(a + kPage - 1) & ~(kPage - 1), (a + bytes) & ~(kPage - 1)};
    if (r.hi <= r.lo) return;
    helper().add(r);
}

void prefaultFlush() {
    if (prefaultEnabled()) helper().flush();
}

}  // namespace cs::detail
