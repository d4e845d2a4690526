#include "trace/async_sink.h"

#include <algorithm>
#include <stdexcept>

namespace cs {

AsyncSink::AsyncSink(TraceSink& target) : target_(target) {
    for (Slot& s : slots_) s.events.reserve(kBatchEvents);
    worker_ = std::thread([this] { workerLoop(); });
}

AsyncSink::~AsyncSink() {
    if (stopped_) return;
    try {
        finish();
    } catch (...) {  // the target's exception: nobody asked for it
    }
}

// The slot being filled, made ready for writing once the worker is done
// with it (it held publication head_ - kSlots).
AsyncSink::Slot& AsyncSink::current() {
    Slot& s = slots_[head_.load(std::memory_order_relaxed) % kSlots];
    if (fresh_) {
        const std::uint64_t h = head_.load(std::memory_order_relaxed);
        std::uint64_t t = tail_.load(std::memory_order_acquire);
        while (h - t >= kSlots) {
            head_.notify_one();  // (it is, kWakeAfter < kSlots; cheap when not sleeping)
            tail_.wait(t, std::memory_order_acquire);
            t = tail_.load(std::memory_order_acquire);
        }
        s.kind = Kind::Events;
        s.events.clear();
        s.newNames.clear();
        fresh_ = false;
    }
    return s;
}

void AsyncSink::noteSymbols(const Symbols& symbols) {
    if (symbols.size() == namesSent_) [[likely]]
        return;
    Slot& s = current();
    for (std::size_t i = namesSent_; i < symbols.size(); ++i)
        s.newNames.emplace_back(symbols.name(static_cast<std::int32_t>(i)));
    namesSent_ = symbols.size();
}

void AsyncSink::append(const TraceEvent& e, const Symbols& symbols) { appendBatch(&e, 1, symbols); }

void AsyncSink::appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
    if (stopped_) throw std::logic_error("AsyncSink: append after finish()");
    noteSymbols(symbols);
    while (n > 0) {
        Slot& s = current();
        const std::size_t m = std::min(n, kBatchEvents - s.events.size());
        s.events.insert(s.events.end(), e, e + m);
        e += m;
        n -= m;
        if (s.events.size() == kBatchEvents) publish(Kind::Events);
    }
}

void AsyncSink::reset() {
    if (stopped_) throw std::logic_error("AsyncSink: reset after finish()");
    if (!fresh_) publish(Kind::Events);
    publish(Kind::Reset);
    namesSent_ = 0;  // the run restarts with new symbols
}

// Publishes the slot being filled (started if it was not) as `kind`.
void AsyncSink::publish(Kind kind) {
    Slot& s = current();
    s.kind = kind;
    const std::uint64_t h = head_.load(std::memory_order_relaxed);
    head_.store(h + 1, std::memory_order_release);
    // Wake the worker once a few batches wait (or for a reset, a stop, a
    // flush): waking it for every batch cost the engine a system call each.
    if (kind != Kind::Events || h + 1 - tail_.load(std::memory_order_relaxed) >= kWakeAfter) head_.notify_one();
    fresh_ = true;
}

void AsyncSink::waitConsumed(std::uint64_t upTo) {
    std::uint64_t t = tail_.load(std::memory_order_acquire);
    while (t < upTo) {
        tail_.wait(t, std::memory_order_acquire);
        t = tail_.load(std::memory_order_acquire);
    }
}

void AsyncSink::flush() {
    if (stopped_) return;
    if (!fresh_) publish(Kind::Events);
    head_.notify_one();
    waitConsumed(head_.load(std::memory_order_relaxed));
    if (error_) std::rethrow_exception(error_);
}

void AsyncSink::finish() {
    if (stopped_) return;
    if (!fresh_) publish(Kind::Events);
    publish(Kind::Stop);
    worker_.join();
    stopped_ = true;
    if (error_) std::rethrow_exception(error_);
}

void AsyncSink::workerLoop() {
    std::uint64_t t = tail_.load(std::memory_order_relaxed);
    for (;;) {
        std::uint64_t h = head_.load(std::memory_order_acquire);
        while (h == t) {
            head_.wait(h, std::memory_order_acquire);
            h = head_.load(std::memory_order_acquire);
        }
        Slot& s = slots_[t % kSlots];
        const Kind kind = s.kind;
        if (kind != Kind::Stop && !error_) {
            try {
                for (const std::string& name : s.newNames) mirror_.add(name);
                if (kind == Kind::Events) {
                    if (!s.events.empty()) target_.appendBatch(s.events.data(), s.events.size(), mirror_);
                } else {
                    mirror_ = Symbols{};
                    target_.reset();
                }
            } catch (...) {
                error_ = std::current_exception();  // published by the tail_ store below
            }
        }
        tail_.store(t + 1, std::memory_order_release);
        tail_.notify_one();
        if (kind == Kind::Stop) return;
        ++t;
    }
}

}  // namespace cs
