#pragma once
// A run's events in memory, column by column, in fixed-size chunks.
//
// Why chunks: a million-task run has ~5 million events; a doubling vector
// would copy them ~20 times and briefly need 3x the memory. Chunks are
// allocated once and never move, so appending is O(1) worst case and the
// per-event cost stays at kBytesPerEvent (+ one pointer per chunk).
//
// Why columns: painting and binary search touch only `t`; keeping it
// contiguous makes those scans cache-friendly.
//
// Layout per event (16 bytes): t (double), task+kind packed into one
// uint32 (kind in the low 7 bits, task+1 in the high 25 bits, so task -1..
// kMaxTask fit), arg (int32).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

class TraceStore final : public TraceSink {
public:
    static constexpr std::size_t kChunkEvents = 8192;
    static constexpr int kKindBits = 7;
    static constexpr std::int32_t kMaxTask = (std::int32_t{1} << (32 - kKindBits)) - 2;  // 33'554'430
    static constexpr std::size_t kBytesPerEvent =
        sizeof(double) + sizeof(std::uint32_t) + sizeof(std::int32_t);
    static_assert(kBytesPerEvent <= 16, "an event must fit in 16 bytes");

    TraceStore();
    ~TraceStore() override;
    TraceStore(TraceStore&&) noexcept;
    TraceStore& operator=(TraceStore&&) noexcept;
    TraceStore(const TraceStore&) = delete;  // chunks are big: copy explicitly if ever needed
    TraceStore& operator=(const TraceStore&) = delete;

    // TraceSink. Throws std::out_of_range for a task id outside -1..kMaxTask.
    void append(const TraceEvent& e, const Symbols& symbols) override;
    void reset() override;

    // Appends without touching symbols (events whose arg names no symbol).
    void append(const TraceEvent& e);

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    TraceEvent at(std::size_t i) const;     // i < size()
    double timeAt(std::size_t i) const;     // column access without building an event
    std::int32_t taskAt(std::size_t i) const;
    EvKind kindAt(std::size_t i) const;
    std::int32_t argAt(std::size_t i) const;

    // Events are appended in time order. Index of the first event with
    // time >= t (size() if none), and of the first with time > t.
    std::size_t firstIndexAtOrAfter(double t) const;
    std::size_t firstIndexAfter(double t) const;

    // Largest task id of a per-task event (-1 if none): lanes = maxTask() + 1.
    std::int32_t maxTask() const { return maxTask_; }
    // Exception class names referenced by Raise/FailedExc args (a copy).
    const Symbols& symbols() const { return symbols_; }

    // Bytes held for events (chunks in use plus the chunk index).
    std::size_t memoryBytes() const;

private:
    struct Chunk {
        std::array<double, kChunkEvents> t;
        std::array<std::uint32_t, kChunkEvents> taskKind;
        std::array<std::int32_t, kChunkEvents> arg;
    };
    static std::uint32_t pack(std::int32_t task, EvKind kind);

    template <class Pred>
    std::size_t partitionPoint(Pred pred) const;

    std::vector<std::unique_ptr<Chunk>> chunks_;
    std::size_t size_ = 0;
    std::int32_t maxTask_ = -1;
    Symbols symbols_;
};

}  // namespace cs
