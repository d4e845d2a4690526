#include "trace/trace_store.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

namespace cs {

namespace {
constexpr std::uint32_t kKindMask = (std::uint32_t{1} << TraceStore::kKindBits) - 1;
static_assert(static_cast<std::uint32_t>(EvKind::FailedExc) <= kKindMask,
              "EvKind outgrew the bits reserved for it in TraceStore");
}  // namespace

namespace {
constexpr std::uint32_t kFirstTimes = 512;  // distinct times a new chunk has room for

template <class T>
T* allocArray(std::size_t n) {
    void* p = std::malloc(n * sizeof(T));
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
}
}  // namespace

TraceStore::Chunk::~Chunk() {
    std::free(index);
    std::free(times);
}

TraceStore::TraceStore() = default;
TraceStore::~TraceStore() {
    for (Chunk* c : chunks_) delete c;
}
TraceStore::TraceStore(TraceStore&& o) noexcept
    : chunks_(std::move(o.chunks_)), cur_(o.cur_), slot_(o.slot_), size_(o.size_), maxTask_(o.maxTask_),
      symbols_(std::move(o.symbols_)), taskIds_(std::move(o.taskIds_)) {
    o.clearAfterMove();
}

TraceStore& TraceStore::operator=(TraceStore&& o) noexcept {
    if (this != &o) {
        for (Chunk* c : chunks_) delete c;
        chunks_ = std::move(o.chunks_);
        cur_ = o.cur_;
        slot_ = o.slot_;
        size_ = o.size_;
        maxTask_ = o.maxTask_;
        symbols_ = std::move(o.symbols_);
        taskIds_ = std::move(o.taskIds_);
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
    taskIds_.clear();
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
        Chunk& c = *cur_;
        const std::size_t m = std::min(good - i, kChunkEvents - slot_);
        const std::size_t end = i + m;
        // The chunk's time state in locals for the run of events that fits.
        if (c.index) {
            std::uint32_t nt = c.nTimes;
            const std::size_t firstSlot = slot_;
            std::size_t slot = slot_;
            std::uint32_t* taskKind = c.taskKind.data();
            std::int32_t* arg = c.arg.data();
            std::uint16_t* index = c.index;
            double* times = c.times;
            std::uint64_t last = nt ? bitsOf(times[nt - 1]) : 0;
            bool perEvent = false;
            for (; i < end; ++i) {
                const TraceEvent& x = e[i];
                taskKind[slot] = packTaskKind(x);
                arg[slot] = x.arg;
                const std::uint64_t b = bitsOf(x.t);
                if (nt == 0 || b != last) [[unlikely]] {
                    last = b;
                    if (nt < c.capTimes) {
                        times[nt++] = x.t;
                    } else {
                        c.nTimes = nt;
                        slot_ = slot;
                        perEvent = !newTime(c, x.t);
                        nt = c.nTimes;
                        times = c.times;
                    }
                }
                if (x.task > top && isPerTask(x.kind)) top = x.task;
                if (perEvent) {  // newTime stored x.t; per-event times from here on
                    ++slot;
                    ++i;
                    break;
                }
                index[slot++] = static_cast<std::uint16_t>(nt - 1);
            }
            size_ += slot - firstSlot;
            slot_ = slot;
            if (!perEvent) c.nTimes = nt;
        }
        for (; i < end; ++i) {  // per-event times (index null)
            put(c, e[i]);
            if (e[i].task > top && isPerTask(e[i].kind)) top = e[i].task;
            ++slot_;
            ++size_;
        }
    }
    maxTask_ = top;
    if (good < n) throwTaskOutOfRange(e[good].task);
}

// A time not equal to the chunk's last: one more distinct time, or, past
// kMaxDistinct, per-event times from now on (false: t is stored already).
bool TraceStore::newTime(Chunk& c, double t) {
    if (c.nTimes == c.capTimes) {
        if (c.capTimes < kMaxDistinct) {
            const auto cap = static_cast<std::uint32_t>(std::min<std::size_t>(2 * c.capTimes, kMaxDistinct));
            void* p = std::realloc(c.times, cap * sizeof(double));
            if (!p) throw std::bad_alloc();
            c.times = static_cast<double*>(p);
            c.capTimes = cap;
        } else {
            double* all = allocArray<double>(kChunkEvents);
            for (std::size_t k = 0; k < slot_; ++k) all[k] = c.times[c.index[k]];
            all[slot_] = t;
            std::free(c.index);
            std::free(c.times);
            c.index = nullptr;
            c.times = all;
            c.nTimes = c.capTimes = static_cast<std::uint32_t>(kChunkEvents);
            return false;
        }
    }
    c.times[c.nTimes++] = t;
    return true;
}

// Symbols only ever grow during a run, so copying the new tail keeps ids
// equal (add, not intern: a user class may share a builtin's name).
void TraceStore::copyNewSymbols(const Symbols& symbols) {
    for (std::size_t i = symbols_.size(); i < symbols.size(); ++i)
        symbols_.add(symbols.name(static_cast<std::int32_t>(i)));
}

// A new chunk for the next event.
void TraceStore::nextChunk() {
    if (cur_) sealChunk();
    chunks_.reserve(chunks_.size() + 1);
    // new Chunk leaves the event arrays uninitialised: zeroing them would
    // only be overwritten.
    auto* c = new Chunk;
    try {
        c->index = allocArray<std::uint16_t>(kChunkEvents);
        c->times = allocArray<double>(kFirstTimes);
    } catch (...) {
        delete c;
        throw;
    }
    c->capTimes = kFirstTimes;
    chunks_.push_back(c);
    cur_ = c;
    slot_ = 0;
}

// The full chunk gives back the room for distinct times it did not use.
void TraceStore::sealChunk() {
    Chunk& c = *cur_;
    if (!c.index || c.nTimes == c.capTimes || c.nTimes == 0) return;
    if (void* p = std::realloc(c.times, c.nTimes * sizeof(double))) {
        c.times = static_cast<double*>(p);
        c.capTimes = c.nTimes;
    }
}

void TraceStore::reset() {
    for (Chunk* c : chunks_) delete c;
    clearAfterMove();  // (the chunks are gone: the same empty state)
}

void TraceStore::renumberTasks(const std::vector<std::int32_t>& to) {
    const auto lane = [&](std::int32_t t) { return t >= 0 && static_cast<std::size_t>(t) < to.size() ? to[t] : t; };
    std::int32_t top = -1;
    std::size_t left = size_;
    for (Chunk* c : chunks_) {
        const std::size_t n = std::min(left, kChunkEvents);
        for (std::size_t s = 0; s < n; ++s) {
            const std::uint32_t packed = c->taskKind[s];
            const auto kind = static_cast<EvKind>(packed & kKindMask);
            if (!isPerTask(kind)) continue;
            const std::int32_t task = lane(static_cast<std::int32_t>(packed >> kKindBits) - 1);
            c->taskKind[s] = packTaskKind(TraceEvent{0.0, task, kind, 0});
            if (task > top) top = task;
            if (const std::int32_t bias = taskArgBias(kind); bias != kNoTaskArg && c->arg[s] >= bias)
                c->arg[s] = lane(c->arg[s] - bias) + bias;
        }
        left -= n;
    }
    maxTask_ = top;
}

double TraceStore::timeAt(std::size_t i) const {
    return chunks_[i / kChunkEvents]->timeAt(i % kChunkEvents);
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
    return TraceEvent{c.timeAt(s), static_cast<std::int32_t>(packed >> kKindBits) - 1,
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
    std::size_t bytes = chunks_.capacity() * sizeof(chunks_[0]);
    for (const Chunk* c : chunks_)
        bytes += sizeof(Chunk) + (c->index ? kChunkEvents * sizeof(std::uint16_t) : 0) + c->capTimes * sizeof(double);
    return bytes;
}

}  // namespace cs
