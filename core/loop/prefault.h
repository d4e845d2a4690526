#pragma once
// Page faults for big fresh buffers, taken on a helper thread.
//
// The kernel zeroes a page the first time it is touched, and a million-task
// run touches about 200 MB: on this kind of VM that is a quarter of the
// engine thread's time, and most of its variance (a page the host has not
// backed yet costs several times more). The engine asks for its big buffers
// (pool slabs, ring buffers, per-task arrays) to be populated in the
// background as soon as they are allocated, and starts filling them from the
// front while the helper works ahead of it on the machine's other core.
#include <cstddef>

namespace cs::detail {

// Ranges smaller than this are not worth a hand-off.
inline constexpr std::size_t kMinPrefaultBytes = 2u << 20;

// Populates [p, p + bytes) on the helper thread (madvise MADV_POPULATE_WRITE:
// page tables only, the contents are never read or written, so the caller may
// already be using the range, and a range freed meanwhile is harmless).
// A hint: without kernel support, or with COROSCOPE_PREFAULT=0 in the
// environment, nothing happens.
void prefault(void* p, std::size_t bytes);

// Whether prefault() hands ranges to the helper (for benchmarks and tests).
bool prefaultEnabled();

// Blocks until the helper has done every range handed to it so far (tests).
void prefaultFlush();

}  // namespace cs::detail
