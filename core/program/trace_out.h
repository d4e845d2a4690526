#pragma once
// The events of one program run on their way to the trace sink: batched
// (flushed when the batch is full and at the end of every loop iteration,
// so the sink has every event of an iteration before step() returns), with
// the symbol table their exception classes refer to, and which scenario
// tasks' lanes are open (between `created` and their end).
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "loop/event_loop.h"
#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs::detail {

class TraceOut {
public:
    TraceOut(const EventLoop& loop, TraceSink& sink, std::size_t tasks);

    void emit(EvKind kind, std::int32_t task, std::int32_t arg = 0) { emitAt(loop_.time(), kind, task, arg); }
    void emitAt(double t, EvKind kind, std::int32_t task, std::int32_t arg = 0) {
        pending_[npending_++] = TraceEvent{t, task, kind, arg};
        if (npending_ == pending_.size()) flush();
    }
    // `created` and the terminal events, which open and close task i's lane.
    void created(std::int32_t i) {
        lane_[static_cast<std::size_t>(i)] = kLaneAlive;
        if (createdLog_) [[unlikely]]
            createdLog_->push_back(i);
        emit(EvKind::Created, i);
    }
    // While set, every lane created is appended to *log (FrozenLanes, while
    // it holds queued work of lanes not created yet); null: nothing kept.
    void logCreated(std::vector<std::int32_t>* log) { createdLog_ = log; }
    void ended(EvKind terminal, std::int32_t i) {
        lane_[static_cast<std::size_t>(i)] = kLaneEnded;
        emit(terminal, i);
    }
    bool laneAlive(std::int32_t i) const { return lane_[static_cast<std::size_t>(i)] == kLaneAlive; }
    // Not `created` yet (neither alive nor ended).
    bool laneUnborn(std::int32_t i) const { return lane_[static_cast<std::size_t>(i)] == kLaneNew; }
    // One more collector call returned to main() (docs/trace-extensions.md).
    void returned() { emit(EvKind::Returned, -1, collectorCalls_++); }
    // The last line: every event before it flushed first.
    void end(Outcome o, std::int32_t cls);
    void flush();

    Symbols& symbols() { return symbols_; }
    const Symbols& symbols() const { return symbols_; }

private:
    enum : std::uint8_t { kLaneNew, kLaneAlive, kLaneEnded };
    const EventLoop& loop_;
    TraceSink* sink_;
    Symbols symbols_;
    std::array<TraceEvent, 256> pending_;
    std::size_t npending_ = 0;
    std::vector<std::uint8_t> lane_;  // per scenario task
    std::vector<std::int32_t>* createdLog_ = nullptr;
    std::int32_t collectorCalls_ = 0;
};

}  // namespace cs::detail
