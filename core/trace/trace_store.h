#pragma once
// A run's events in memory, column by column, in fixed-size chunks.
//
// Why chunks: a million-task run has ~6 million events; a doubling vector
// would copy them ~20 times and briefly need 3x the memory. Chunks are
// allocated once and never move, so appending is O(1) worst case.
//
// Why columns: painting and binary search touch only the times; keeping
// them apart makes those scans cache-friendly.
//
// Layout per event: task+kind packed into one uint32 (kind in the low 7
// bits, task+1 in the high 25 bits, so task -1..kMaxTask fit) and arg
// (int32): 8 bytes. Times: the events of one loop iteration share an
// instant, so a chunk keeps its distinct times once (8 bytes each) and a
// 16-bit index per event. A chunk whose events would need more than
// kMaxDistinct distinct times (a trace no run writes) switches to a plain
// time per event. Either way an event costs at most 16 bytes: 8 + 2 + 8 *
// distinct/kChunkEvents <= 16, or 8 + 8; a million-task run's ~12.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
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
    // Per event without its time, and at most with it.
    static constexpr std::size_t kBytesPerEvent = sizeof(std::uint32_t) + sizeof(std::int32_t);
    static constexpr std::size_t kMaxBytesPerEvent = 16;
    // Distinct times a chunk keeps before it stores one time per event.
    static constexpr std::size_t kMaxDistinct =
        (kMaxBytesPerEvent - kBytesPerEvent - sizeof(std::uint16_t)) * kChunkEvents / sizeof(double);
    static_assert(kMaxDistinct <= 65536, "a time index must fit in 16 bits");

    TraceStore();
    ~TraceStore() override;
    TraceStore(TraceStore&&) noexcept;
    TraceStore& operator=(TraceStore&&) noexcept;
    TraceStore(const TraceStore&) = delete;  // chunks are big: copy explicitly if ever needed
    TraceStore& operator=(const TraceStore&) = delete;

    // TraceSink. Throws std::out_of_range for a task id outside -1..kMaxTask.
    void append(const TraceEvent& e, const Symbols& symbols) override;
    void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) override;
    void reset() override;

    // What append() checks first: throws std::out_of_range for a task id
    // outside -1..kMaxTask.
    static void checkTask(std::int32_t task) {
        if (task < -1 || task > kMaxTask) throwTaskOutOfRange(task);
    }

    // Appends without touching symbols (events whose arg names no symbol).
    // Inline: a million-task run appends six million events.
    void append(const TraceEvent& e) {
        if (e.task < -1 || e.task > kMaxTask) throwTaskOutOfRange(e.task);
        if (slot_ == kChunkEvents) nextChunk();
        put(*cur_, e);
        ++slot_;
        ++size_;
        // Caller-side kinds use the task slot for other things (End: the symbol
        // of the escaping class), so only per-task kinds count as lanes.
        if (e.task > maxTask_ && isPerTask(e.kind)) maxTask_ = e.task;
    }

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

    // Largest task id of a per-task event (-1 if none), or larger after
    // coverLanes: lanes = maxTask() + 1.
    std::int32_t maxTask() const { return maxTask_; }
    // Widens the lanes to at least `lanes`: a trace file's task named only
    // by another's event (a parent, a woken task, a waker that has no line
    // of its own) gets a lane, so every task an event names is below
    // maxTask() + 1. The engine's runs never need it.
    void coverLanes(std::int32_t lanes) { maxTask_ = std::max(maxTask_, lanes - 1); }

    // A trace file's own task ids, when its lanes are not them (a file with
    // sparse ids: TraceReader maps them to lanes 0..n-1). Shown and exported
    // instead of the lane; empty (the engine's runs, files whose ids are
    // 0..n-1): lane = id.
    void setTaskIds(std::vector<std::int64_t> ids) { taskIds_ = std::move(ids); }
    const std::vector<std::int64_t>& taskIds() const { return taskIds_; }
    std::int64_t taskId(std::int32_t lane) const {
        return lane >= 0 && static_cast<std::size_t>(lane) < taskIds_.size() ? taskIds_[static_cast<std::size_t>(lane)]
                                                                              : lane;
    }
    // Renumbers every task in place, lanes and task arguments alike
    // (taskArgBias): lane l becomes to[l]. `to` is a permutation of the lanes.
    void renumberTasks(const std::vector<std::int32_t>& to);
    // Exception class names referenced by Raise/FailedExc args (a copy).
    const Symbols& symbols() const { return symbols_; }

    // Bytes held for events (chunks in use, their time arrays, the chunk index).
    std::size_t memoryBytes() const;

private:
    struct Chunk {
        std::array<std::uint32_t, kChunkEvents> taskKind;
        std::array<std::int32_t, kChunkEvents> arg;
        // Shared times: index[slot] into times (nTimes distinct, room for
        // capTimes). Per-event times: index null, times[slot].
        std::uint16_t* index = nullptr;
        double* times = nullptr;
        std::uint32_t nTimes = 0;
        std::uint32_t capTimes = 0;
        ~Chunk();
        double timeAt(std::size_t slot) const { return times[index ? index[slot] : slot]; }
    };
    static std::uint64_t bitsOf(double t) {
        std::uint64_t b;
        std::memcpy(&b, &t, sizeof b);
        return b;
    }
    // task + 1 so that -1 (no task) packs as 0.
    static std::uint32_t packTaskKind(const TraceEvent& e) {
        return (static_cast<std::uint32_t>(e.task + 1) << kKindBits) | static_cast<std::uint32_t>(e.kind);
    }
    // Writes e into slot_ of c (the caller checked the task id and advances slot_).
    void put(Chunk& c, const TraceEvent& e) {
        c.taskKind[slot_] = packTaskKind(e);
        c.arg[slot_] = e.arg;
        if (c.index) {
            // Bitwise equality: -0.0 and 0.0 stay apart, as the JSONL shows them.
            if (c.nTimes == 0 || bitsOf(e.t) != bitsOf(c.times[c.nTimes - 1])) [[unlikely]] {
                if (!newTime(c, e.t)) return;  // c switched to per-event times
            }
            c.index[slot_] = static_cast<std::uint16_t>(c.nTimes - 1);
        } else {
            c.times[slot_] = e.t;
        }
    }
    bool newTime(Chunk& c, double t);
    [[noreturn]] static void throwTaskOutOfRange(std::int32_t task);
    void nextChunk();
    void sealChunk();
    void clearAfterMove() noexcept;
    [[gnu::noinline]] void copyNewSymbols(const Symbols& symbols);

    template <class Pred>
    std::size_t partitionPoint(Pred pred) const;

    std::vector<Chunk*> chunks_;         // owned
    Chunk* cur_ = nullptr;               // the chunk being filled
    std::size_t slot_ = kChunkEvents;    // next slot in *cur_ (kChunkEvents: take the next chunk)
    std::size_t size_ = 0;
    std::int32_t maxTask_ = -1;
    Symbols symbols_;
    std::vector<std::int64_t> taskIds_;  // by lane; empty: lane = id
};

}  // namespace cs
