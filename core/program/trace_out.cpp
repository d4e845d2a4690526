#include "program/trace_out.h"

#include "loop/py_exc.h"

namespace cs::detail {

namespace {
// The builtin exception classes, symbols 0.. (py_exc.h's order).
constexpr const char* kBuiltinNames[kBuiltinCount] = {
    "CancelledError", "TimeoutError", "ValueError", "ExceptionGroup", "KeyboardInterrupt", "Overloaded", "RuntimeError"};
}  // namespace

TraceOut::TraceOut(const EventLoop& loop, TraceSink& sink, std::size_t tasks) : loop_(loop), sink_(&sink) {
    for (const char* n : kBuiltinNames) symbols_.intern(n);
    lane_.assign(tasks, kLaneNew);
}

void TraceOut::flush() {
    if (npending_ == 0) return;
    const std::size_t n = npending_;
    npending_ = 0;
    sink_->appendBatch(pending_.data(), n, symbols_);
}

void TraceOut::end(Outcome o, std::int32_t cls) {
    flush();
    sink_->append(TraceEvent{loop_.time(), cls, EvKind::End, static_cast<std::int32_t>(o)}, symbols_);
}

}  // namespace cs::detail
