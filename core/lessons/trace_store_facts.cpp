#include "lessons/trace_store_facts.h"

#include <algorithm>
#include <cmath>

#include "trace/trace_store.h"

namespace cs::lessons {

namespace {
// Instants are compared as the spec compares traces: within 1e-6 s.
constexpr double kSameInstant = 1e-6;
}  // namespace

TraceStoreFacts::TraceStoreFacts(const TraceStore& store)
    : store_(store), summary_(Summary::of(store)), series_(store, ExportOptions{}) {}

std::vector<FactEvent> TraceStoreFacts::eventsOf(const std::vector<EvKind>& kinds) const {
    std::vector<FactEvent> out;
    for (std::size_t i = 0; i < store_.size(); ++i) {
        const EvKind k = store_.kindAt(i);
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) continue;
        out.push_back({store_.timeAt(i), k, store_.taskAt(i), store_.argAt(i)});
    }
    return out;
}

bool TraceStoreFacts::ended() const { return summary_.ended(); }

double TraceStoreFacts::endTime() const { return summary_.ended() ? summary_.makespan() : std::nan(""); }

std::string TraceStoreFacts::outcome() const { return summary_.outcome(); }

const MetricSeries::Row* TraceStoreFacts::rowAt(double t) const {
    // The last row at or before t: the counts after every event of its instant.
    const auto& rows = series_.rows();
    auto it = std::upper_bound(rows.begin(), rows.end(), t + kSameInstant,
                               [](double x, const MetricSeries::Row& r) { return x < r.t; });
    return it == rows.begin() ? nullptr : &*(it - 1);
}

std::int64_t TraceStoreFacts::inFlightAt(double t) const {
    const MetricSeries::Row* r = rowAt(t);
    return r ? r->inFlight : 0;
}

std::int64_t TraceStoreFacts::waitingAt(double t) const {
    const MetricSeries::Row* r = rowAt(t);
    return r ? r->waiting : 0;
}

// The peaks of the same samples (spec section 5: after the last event of each
// instant), so that a peak is a value inFlightAt() really returns. (Summary's
// peaks count event by event: a task that asks and gets its permit in one
// instant counts as waiting there.)
std::int64_t TraceStoreFacts::peakInFlight() const {
    std::int64_t peak = 0;
    for (const MetricSeries::Row& r : series_.rows()) peak = std::max(peak, r.inFlight);
    return peak;
}

std::int64_t TraceStoreFacts::peakWaiting() const {
    std::int64_t peak = 0;
    for (const MetricSeries::Row& r : series_.rows()) peak = std::max(peak, r.waiting);
    return peak;
}

double TraceStoreFacts::throughput() const { return summary_.throughput(); }

}  // namespace cs::lessons
