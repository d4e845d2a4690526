#pragma once
// Forwards every event (and reset) to several sinks, in the order given:
// e.g. a TraceStore for the summary and a JsonlWriter for --trace.
#include <initializer_list>
#include <vector>

#include "trace/trace_sink.h"

namespace cs {

class TeeSink final : public TraceSink {
public:
    TeeSink() = default;
    TeeSink(std::initializer_list<TraceSink*> sinks) : sinks_(sinks) {}
    void add(TraceSink& sink) { sinks_.push_back(&sink); }

    void append(const TraceEvent& e, const Symbols& symbols) override;
    void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) override;
    void reset() override;

private:
    std::vector<TraceSink*> sinks_;  // not owned
};

}  // namespace cs
