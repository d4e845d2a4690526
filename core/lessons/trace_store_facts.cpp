#include "lessons/trace_store_facts.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "trace/trace_store.h"

namespace cs::lessons {

namespace {
// Instants are compared as the spec compares traces: within 1e-6 s.
constexpr double kSameInstant = 1e-6;
}  // namespace

TraceStoreFacts::TraceStoreFacts(const TraceStore& store, RunConfig config)
    : store_(store), model_(RunModel::of(store, std::move(config))), metrics_(model_.metrics()) {}

std::vector<FactEvent> TraceStoreFacts::eventsOf(const std::vector<EvKind>& kinds) const {
    std::vector<FactEvent> out;
    for (std::size_t i = 0; i < store_.size(); ++i) {
        const EvKind k = store_.kindAt(i);
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) continue;
        out.push_back({store_.timeAt(i), k, store_.taskAt(i), store_.argAt(i)});
    }
    return out;
}

bool TraceStoreFacts::ended() const { return model_.ended(); }

double TraceStoreFacts::endTime() const { return model_.ended() ? model_.endTime() : std::nan(""); }

std::string TraceStoreFacts::outcome() const { return model_.outcomeText(); }

// The counts after every event of the last instant at or before t.
std::int64_t TraceStoreFacts::inFlightAt(double t) const { return model_.inFlight().valueAtTime(t + kSameInstant); }

std::int64_t TraceStoreFacts::waitingAt(double t) const { return model_.waiting().valueAtTime(t + kSameInstant); }

std::int64_t TraceStoreFacts::peakInFlight() const { return metrics_.peakInFlight; }

std::int64_t TraceStoreFacts::peakWaiting() const { return metrics_.peakWaiting; }

double TraceStoreFacts::throughput() const { return metrics_.throughput; }

}  // namespace cs::lessons
