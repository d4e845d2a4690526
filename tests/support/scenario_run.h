#pragma once
// Helpers for tests that run whole scenarios through cs::Simulation:
// load JSON (failing loudly), run into a TraceStore, and print events as the
// spec's JSONL lines (optionally only the spec's own kinds, so that a trace
// can be compared line by line with what the CPython oracle prints).
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_store.h"

namespace cs::test {

inline Scenario loadOrThrow(const std::string& json) {
    LoadResult r = parseScenario(json);
    if (!r.ok()) throw std::runtime_error("bad test scenario: " + r.error->what());
    return *r.scenario;
}

inline std::vector<TraceEvent> eventsOf(const TraceStore& store) {
    std::vector<TraceEvent> v;
    v.reserve(store.size());
    for (std::size_t i = 0; i < store.size(); ++i) v.push_back(store.at(i));
    return v;
}

// A finished run: its events and the symbols they name.
struct Run {
    TraceStore store;
    std::vector<TraceEvent> events;
    Symbols symbols;
    std::uint64_t iterations = 0;
};

inline Run runScenario(const Scenario& sc) {
    Run r;
    Simulation sim(sc, r.store);
    sim.run();
    r.events = eventsOf(r.store);
    r.symbols = sim.symbols();
    r.iterations = sim.iterations();
    return r;
}

inline Run runScenario(const std::string& json) { return runScenario(loadOrThrow(json)); }

// The JSONL lines of every event (extension kinds included; Swallowed prints none).
inline std::vector<std::string> jsonlLines(const std::vector<TraceEvent>& events, const Symbols& symbols) {
    std::ostringstream sink;
    JsonlWriter w(sink);
    std::vector<std::string> lines;
    for (const TraceEvent& e : events) {
        std::string line = w.format(e, symbols);
        if (!line.empty()) lines.push_back(std::move(line));
    }
    return lines;
}

// Only the spec's section 4 kinds (created .. end): what the oracle prints.
inline std::vector<std::string> specLines(const std::vector<TraceEvent>& events, const Symbols& symbols) {
    std::ostringstream sink;
    JsonlWriter w(sink);  // formats every event so the writer's state (swallowed notes) follows
    std::vector<std::string> lines;
    for (const TraceEvent& e : events) {
        std::string line = w.format(e, symbols);
        if (!line.empty() && e.kind <= EvKind::End) lines.push_back(std::move(line));
    }
    return lines;
}

// The whole run as JSONL bytes (what `coroscope-cli run --trace` writes).
inline std::string jsonlBytes(const TraceStore& store) {
    std::ostringstream out;
    JsonlWriter::writeAll(out, store);
    return out.str();
}

}  // namespace cs::test
