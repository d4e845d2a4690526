#include "trace/trace_store.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cs {

namespace {
constexpr std::uint32_t kKindMask = (std::uint32_t{1} << TraceStore::kKindBits) - 1;
static_assert(static_cast<std::uint32_t>(EvKind::FailedExc) <= kKindMask,
              "EvKind outgrew the bits reserved for it in TraceStore");
}  // namespace

TraceStore::TraceStore() = default;
TraceStore::~TraceStore() = default;
TraceStore::TraceStore(TraceStore&& o) noexcept
    : chunks_(std::move(o.chunks_)), cur_(o.cur_), slot_(o.slot_), size_(o.size_), maxTask_(o.maxTask_),
      symbols_(std::move(o.symbols_)) {
    o.clearAfterMove();
}

TraceStore& TraceStore::operator=(TraceStore&& o) noexcept {
    if (this != &o) {
        chunks_ = std::move(o.chunks_);
        cur_ = o.cur_;
        slot_ = o.slot_;
        size_ = o.size_;
        maxTask_ = o.maxTask_;
        symbols_ = std::move(o.symbols_);
        o.clearAfterMove();
    }
    return *this;
}

// A moved-from store is empty and usable (its chunks went with the move).
void TraceStore::clearAfterMove() noexcept {
    chunks_.clear();
    cur_ = nullptr;
    slot_ = kChunkEvents;
    size_ = 0;
    maxTask_ = -1;
    symbols_ = Symbols{};
}

void TraceStore::throwTaskOutOfRange(std::int32_t task) {
    throw std::out_of_range("TraceStore: task id " + std::to_string(task) + " out of range");
}

void TraceStore::append(const TraceEvent& e, const Symbols& symbols) {
    if (symbols.size() != symbols_.size()) [[unlikely]]
        copyNewSymbols(symbols);
    append(e);
}

void TraceStore::appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
    if (symbols.size() != symbols_.size()) [[unlikely]]
        copyNewSymbols(symbols);
    // Events up to the first bad task id go in, then it throws (as append() would).
    std::size_t good = 0;
    while (good < n && e[good].task >= -1 && e[good].task <= kMaxTask) ++good;
    std::int32_t top = maxTask_;
    for (std::size_t i = 0; i < good;) {
        if (slot_ == kChunkEvents) nextChunk();
        const std::size_t m = std::min(good - i, kChunkEvents - slot_);
        Chunk& c = *cur_;
        for (std::size_t k = 0; k < m; ++k) {
            const TraceEvent& x = e[i + k];
            c.t[slot_ + k] = x.t;
            c.taskKind[slot_ + k] = (static_cast<std::uint32_t>(x.task + 1) << kKindBits) | static_cast<std::uint32_t>(x.kind);
            c.arg[slot_ + k] = x.arg;
            if (x.task > top && isPerTask(x.kind)) top = x.task;
        }
        slot_ += m;
        size_ += m;
        i += m;
    }
    maxTask_ = top;
    if (good < n) throwTaskOutOfRange(e[good].task);
}

// Symbols only ever grow during a run, so copying the new tail keeps ids equal.
void TraceStore::copyNewSymbols(const Symbols& symbols) {
    for (std::size_t i = symbols_.size(); i < symbols.size(); ++i)
        symbols_.intern(symbols.name(static_cast<std::int32_t>(i)));
}

// The chunk after the full one: kept from before a reset(), or a new one.
void TraceStore::nextChunk() {
    const std::size_t index = size_ / kChunkEvents;
    if (index == chunks_.size()) {
        // new Chunk (not make_unique) leaves the arrays uninitialised: zeroing
        // 128 KiB per chunk would only be overwritten.
        chunks_.push_back(std::unique_ptr<Chunk>(new Chunk));
    }
    cur_ = chunks_[index].get();
    slot_ = 0;
}

void TraceStore::reset() {
    // Keep the first chunk: a live resize replays from t = 0 and refills it at once.
    if (chunks_.size() > 1) chunks_.resize(1);
    cur_ = nullptr;
    slot_ = kChunkEvents;
    size_ = 0;
    maxTask_ = -1;
    symbols_ = Symbols{};
}

double TraceStore::timeAt(std::size_t i) const {
    return chunks_[i / kChunkEvents]->t[i % kChunkEvents];
}

std::int32_t TraceStore::taskAt(std::size_t i) const {
    return static_cast<std::int32_t>(chunks_[i / kChunkEvents]->taskKind[i % kChunkEvents] >> kKindBits) - 1;
}

EvKind TraceStore::kindAt(std::size_t i) const {
    return static_cast<EvKind>(chunks_[i / kChunkEvents]->taskKind[i % kChunkEvents] & kKindMask);
}

std::int32_t TraceStore::argAt(std::size_t i) const {
    return chunks_[i / kChunkEvents]->arg[i % kChunkEvents];
}

TraceEvent TraceStore::at(std::size_t i) const {
    const Chunk& c = *chunks_[i / kChunkEvents];
    const std::size_t s = i % kChunkEvents;
    const std::uint32_t packed = c.taskKind[s];
    return TraceEvent{c.t[s], static_cast<std::int32_t>(packed >> kKindBits) - 1,
                      static_cast<EvKind>(packed & kKindMask), c.arg[s]};
}

// First index i with !pred(timeAt(i)), given pred holds on a prefix (events
// are time-ordered). Plain binary search: O(log n) chunk lookups, no allocation.
template <class Pred>
std::size_t TraceStore::partitionPoint(Pred pred) const {
    std::size_t lo = 0, hi = size_;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (pred(timeAt(mid)))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

std::size_t TraceStore::firstIndexAtOrAfter(double t) const {
    return partitionPoint([t](double x) { return x < t; });
}

std::size_t TraceStore::firstIndexAfter(double t) const {
    return partitionPoint([t](double x) { return x <= t; });
}

std::size_t TraceStore::memoryBytes() const {
    return chunks_.size() * sizeof(Chunk) + chunks_.capacity() * sizeof(chunks_[0]);
}

}  // namespace cs
