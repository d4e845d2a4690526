// libFuzzer target for the trace reader (issue 13, item 6): any bytes must
// give a store or a "line N: ..." error (never a crash, a hang, unbounded
// memory or a leak), and what it gives must be a trace a run could write:
//  - errors are one printable line (MessageText) naming a line of the input;
//  - events are in time order, times finite and >= 0; lanes are 0..n-1,
//    every lane named by an event, the file's ids (if kept) in increasing
//    order; a task ends at most once and is created at most once;
//  - written back (JsonlWriter::writeAll) and read again, the events are the
//    same;
//  - per line, the fast scanner and simdjson alone read the same fields
//    (TraceLineParser::parseWithSimdjson), or the line holds a number only
//    the fast scanner takes (1e400, an integer past 64 bits, NaN).
//
//   cmake -DCOROSCOPE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ... && ninja fuzz_trace_reader
//   ./fuzz_trace_reader -dict=tests/fuzz/trace.dict -max_total_time=60 corpus-work tests/fuzz/trace-corpus
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/loader.h"
#include "text/message_text.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_line_parser.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

namespace {

[[noreturn]] void fail() { __builtin_trap(); }

bool sameScalar(const cs::JsonScalar& a, const cs::JsonScalar& b) {
    using Type = cs::JsonScalar::Type;
    if (a.type != b.type) return false;
    switch (a.type) {
        case Type::Bool: return a.boolean == b.boolean;
        case Type::Int:
            if (a.overflow != b.overflow) return false;
            return a.overflow ? true : a.integer == b.integer;
        case Type::Float: return std::memcmp(&a.number, &b.number, sizeof a.number) == 0;
        case Type::String: return a.text == b.text;
        default: return true;
    }
}

// The fast scanner against simdjson, line by line.
void compareParsers(const std::string& text) {
    static cs::TraceLineParser fast, slow;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        const std::size_t n = line.size();
        line.append(cs::TraceLineParser::kPadding, ' ');
        const bool a = fast.parse(line.data(), n);
        const bool b = slow.parseWithSimdjson(line.data(), n);
        if (a && b) {
            for (std::size_t k = 0; k < static_cast<std::size_t>(cs::TraceKey::Count); ++k)
                if (!sameScalar(fast[static_cast<cs::TraceKey>(k)], slow[static_cast<cs::TraceKey>(k)])) fail();
        } else if (a && !b) {
            // What simdjson refuses but the scanner reads: numbers past its
            // range (valid JSON: Python reads them) and NaN/Infinity tokens
            // (which the reader then refuses).
            bool nonFinite = fast.strayNonFinite();
            for (std::size_t k = 0; k < static_cast<std::size_t>(cs::TraceKey::Count); ++k)
                nonFinite = nonFinite || fast[static_cast<cs::TraceKey>(k)].type == cs::JsonScalar::Type::NonFinite;
            if (!nonFinite && slow.error().find("number") == std::string::npos) fail();
        } else if (!a && b) {
            fail();  // the scanner hands over what it does not take; simdjson would have taken it
        }
        pos = nl + 1;
    }
}

void checkStore(const cs::TraceReader& reader, const cs::TraceStore& store) {
    const std::int32_t lanes = store.maxTask() + 1;
    std::vector<std::uint8_t> created(static_cast<std::size_t>(lanes)), ended(static_cast<std::size_t>(lanes)),
        named(static_cast<std::size_t>(lanes));
    double last = 0.0;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const cs::TraceEvent e = store.at(i);
        if (!std::isfinite(e.t) || e.t < 0.0 || e.t < last) fail();
        last = e.t;
        if (!cs::isPerTask(e.kind)) continue;
        if (e.task < 0 || e.task >= lanes) fail();
        named[static_cast<std::size_t>(e.task)] = 1;
        if (e.kind == cs::EvKind::Created && created[static_cast<std::size_t>(e.task)]++) fail();
        if (cs::isTerminal(e.kind) && ended[static_cast<std::size_t>(e.task)]++) fail();
        if (const std::int32_t bias = cs::taskArgBias(e.kind); bias != cs::kNoTaskArg && e.arg >= bias) {
            if (e.arg - bias >= lanes) fail();
            named[static_cast<std::size_t>(e.arg - bias)] = 1;
        }
    }
    for (std::uint8_t n : named)
        if (!n) fail();
    // Lanes go in id order, except that a task with a recorded parent of a
    // smaller id goes right under it (its own helpers under it): the ids
    // are distinct, and an id smaller than the one above it comes only
    // after a helper's lane (the end of a parent's subtree).
    const auto& ids = store.taskIds();
    if (!ids.empty() && ids.size() != static_cast<std::size_t>(lanes)) fail();
    std::vector<std::int64_t> sorted(ids);
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) fail();
    std::vector<std::uint8_t> hasParent(static_cast<std::size_t>(lanes));
    for (std::size_t i = 0; i < store.size(); ++i)
        if (const cs::TraceEvent e = store.at(i); e.kind == cs::EvKind::Created && e.arg > 0)
            hasParent[static_cast<std::size_t>(e.task)] = 1;
    for (std::size_t k = 1; k < ids.size(); ++k)
        if (ids[k] < ids[k - 1] && !hasParent[k - 1]) fail();
    if (reader.names().size() > static_cast<std::size_t>(lanes)) fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 256 * 1024) return -1;  // long inputs are slow without reaching new code
    const std::string text(reinterpret_cast<const char*>(data), size);
    compareParsers(text);

    std::istringstream in(text);
    cs::TraceReader reader;
    cs::TraceStore store;
    const bool ok = reader.read(in, store);
    if (!ok) {
        if (!reader.error() || reader.error()->message.empty()) fail();
        const std::string what = reader.error()->what();
        if (cs::MessageText::printable(what) != what) fail();
        if (what.find('\n') != std::string::npos) fail();
    }
    checkStore(reader, store);
    if (!ok) return 0;

    // Written back and read again: the same events (symbols by name), and
    // the same limit and collector (the "limiter" line first, as
    // coroscope-cli run writes it: read as a scenario's, it writes back so).
    std::stringstream again;
    if (reader.limiter()) again << cs::limiterLine(*reader.limiter()) << '\n';
    cs::JsonlWriter::writeAll(again, store);
    cs::TraceReader reader2;
    cs::TraceStore back;
    if (!reader2.read(again, back)) fail();
    if (reader2.limiter() != reader.limiter()) fail();
    if (back.size() != store.size() || reader2.ended() != reader.ended()) fail();
    for (std::size_t i = 0; i < store.size(); ++i) {
        cs::TraceEvent a = store.at(i), b = back.at(i);
        if (a.kind == cs::EvKind::Raise || a.kind == cs::EvKind::FailedExc) {
            if (store.symbols().name(a.arg) != back.symbols().name(b.arg)) fail();
            a.arg = b.arg = 0;
        }
        if (a.kind == cs::EvKind::End && a.arg == static_cast<std::int32_t>(cs::Outcome::Raised)) {
            if (store.symbols().name(a.task) != back.symbols().name(b.task)) fail();
            a.task = b.task = 0;
        }
        if (!(a == b)) fail();
    }
    if (back.taskIds() != store.taskIds()) fail();
    return 0;
}
