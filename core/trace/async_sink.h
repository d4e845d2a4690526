#pragma once
// A sink that hands the events to another sink on a thread of its own: the
// engine steps the loop while the trace store, the summary and a JSONL
// writer take the events on the other core. The target sees exactly the
// events, symbols and resets, in the same order, as if it were the sink
// itself; it is touched only by the worker thread until finish() returns.
//
// Events travel in batches through a ring of kSlots slots (single producer,
// single consumer); a full ring makes the producer wait, an empty one the
// worker. New symbol names travel with the batch that first refers to them.
// An exception thrown by the target (e.g. TraceStore's task id range) stops
// the forwarding; finish() rethrows it on the producer's thread.
//
// Use: AsyncSink async(target); run the simulation into `async`;
// async.finish(); then read the target.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "trace/symbols.h"
#include "trace/trace_sink.h"

namespace cs {

class AsyncSink final : public TraceSink {
public:
    static constexpr std::size_t kSlots = 16;
    static constexpr std::size_t kBatchEvents = 2048;
    static constexpr std::size_t kWakeAfter = 4;  // published batches that wake a sleeping worker

    explicit AsyncSink(TraceSink& target);
    ~AsyncSink() override;  // finishes (an exception of the target is dropped)
    AsyncSink(const AsyncSink&) = delete;
    AsyncSink& operator=(const AsyncSink&) = delete;

    void append(const TraceEvent& e, const Symbols& symbols) override;
    void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) override;
    // Forwarded in order (the target resets between the events before and after).
    void reset() override;

    // Waits until the target has every event appended so far; rethrows what
    // the target threw. The sink stays usable (a live run may go on).
    void flush();
    // flush(), then stops the worker. Later appends throw std::logic_error.
    void finish();

private:
    enum class Kind : std::uint8_t { Events, Reset, Stop };
    struct Slot {
        Kind kind = Kind::Events;
        std::vector<TraceEvent> events;
        std::vector<std::string> newNames;  // symbols added since the previous slot
    };

    Slot& current();
    void noteSymbols(const Symbols& symbols);
    void publish(Kind kind);
    void workerLoop();
    void waitConsumed(std::uint64_t upTo);

    TraceSink& target_;
    std::array<Slot, kSlots> slots_;
    // Producer side: the slot being filled is slots_[head_ % kSlots].
    std::size_t namesSent_ = 0;
    bool fresh_ = true;  // the slot at head_ is not started yet
    bool stopped_ = false;
    alignas(64) std::atomic<std::uint64_t> head_{0};  // slots published
    alignas(64) std::atomic<std::uint64_t> tail_{0};  // slots consumed
    alignas(64) std::exception_ptr error_;            // written by the worker before it advances tail_
    Symbols mirror_;                                  // the worker's copy of the names
    std::thread worker_;
};

}  // namespace cs
