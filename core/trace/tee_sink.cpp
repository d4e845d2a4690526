#include "trace/tee_sink.h"

namespace cs {

void TeeSink::append(const TraceEvent& e, const Symbols& symbols) {
    for (TraceSink* s : sinks_) s->append(e, symbols);
}

void TeeSink::appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
    for (TraceSink* s : sinks_) s->appendBatch(e, n, symbols);
}

void TeeSink::reset() {
    for (TraceSink* s : sinks_) s->reset();
}

}  // namespace cs
