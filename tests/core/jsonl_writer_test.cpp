#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "trace/jsonl_writer.h"

using cs::EvKind;
using cs::Outcome;
using cs::TraceEvent;

namespace {
std::string writeAll(const std::vector<TraceEvent>& events, const cs::Symbols& symbols) {
    std::ostringstream out;
    cs::JsonlWriter w(out);
    for (const TraceEvent& e : events) w.append(e, symbols);
    return out.str();
}
}  // namespace

TEST_CASE("the writer prints the spec's lines in the examples' exact style") {
    cs::Symbols symbols;
    const std::string got = writeAll(
        {
            {0.0, 0, EvKind::Created, 0},
            {0.0, 0, EvKind::Request, 0},
            {0.0, 0, EvKind::Running, 0},
            {1.0, 0, EvKind::Done, 0},
            {1.0, 0, EvKind::Result, 1},
            {1.0, -1, EvKind::Collected, 0},
            {1.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Ok)},
        },
        symbols);
    // Spec section 4, verbatim.
    CHECK(got ==
          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
          "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0}\n"
          "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0}\n"
          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0}\n"
          "{\"t\": 1.0, \"ev\": \"result\", \"task\": 0, \"ok\": true}\n"
          "{\"t\": 1.0, \"ev\": \"collected\"}\n"
          "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
}

TEST_CASE("a raising program ends with the class name of its last raise") {
    cs::Symbols symbols;
    const auto eg = symbols.intern("ExceptionGroup");
    const auto ve = symbols.intern("ValueError");
    const std::string got = writeAll(
        {
            {0.5, 1, EvKind::Failed, 0},
            {0.5, 1, EvKind::FailedExc, ve},
            {0.5, 1, EvKind::Result, 0},
            {0.5, -1, EvKind::Raise, eg},
            {0.5, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)},
        },
        symbols);
    CHECK(got ==
          "{\"t\": 0.5, \"ev\": \"failed\", \"task\": 1}\n"
          "{\"t\": 0.5, \"ev\": \"failed_exc\", \"task\": 1, \"exc\": \"ValueError\"}\n"
          "{\"t\": 0.5, \"ev\": \"result\", \"task\": 1, \"ok\": false}\n"
          "{\"t\": 0.5, \"ev\": \"raise\", \"exc\": \"ExceptionGroup\"}\n"
          "{\"t\": 0.5, \"ev\": \"end\", \"outcome\": \"raised:ExceptionGroup\"}\n");
}

TEST_CASE("an end event that names its class wins over the last raise") {
    // What escapes asyncio.run is not always what the collector raised
    // (e.g. an ExceptionGroup raised, then a KeyboardInterrupt at exit).
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    const auto ki = symbols.intern("KeyboardInterrupt");
    const std::string got = writeAll(
        {
            {0.5, -1, EvKind::Raise, ve},
            {0.5, ki, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)},
        },
        symbols);
    CHECK(got ==
          "{\"t\": 0.5, \"ev\": \"raise\", \"exc\": \"ValueError\"}\n"
          "{\"t\": 0.5, \"ev\": \"end\", \"outcome\": \"raised:KeyboardInterrupt\"}\n");
}

TEST_CASE("a swallowed cancel is a note on the task's done line, not a line of its own") {
    cs::Symbols symbols;
    const std::string got = writeAll(
        {
            {1.0, 0, EvKind::Swallowed, 0},
            {1.0, 0, EvKind::Done, 0},
            {2.0, 1, EvKind::Done, 0},
            {2.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Deadlock)},
        },
        symbols);
    CHECK(got ==
          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"note\": \"swallowed cancel\"}\n"
          "{\"t\": 2.0, \"ev\": \"done\", \"task\": 1}\n"
          "{\"t\": 2.0, \"ev\": \"end\", \"outcome\": \"deadlock\"}\n");
}

TEST_CASE("extension kinds print their arg under a name that says what it is") {
    cs::Symbols symbols;
    const std::string got = writeAll(
        {
            {0.5, -1, EvKind::Limit, 2},
            {1.0, 3, EvKind::Release, 4},
            {1.0, 4, EvKind::Wake, 3},
            {1.0, 5, EvKind::Rejected, 429},
            {1.0, 2, EvKind::CpuBegin, 0},
            {1.25, 2, EvKind::CpuEnd, 0},
            {1.25, 6, EvKind::ThreadBegin, 0},
            {1.75, 6, EvKind::ThreadEnd, 0},
            {2.0, 7, EvKind::Pending, 0},
        },
        symbols);
    CHECK(got ==
          "{\"t\": 0.5, \"ev\": \"limit\", \"value\": 2}\n"
          "{\"t\": 1.0, \"ev\": \"release\", \"task\": 3, \"woke\": 4}\n"
          "{\"t\": 1.0, \"ev\": \"wake\", \"task\": 4, \"by\": 3}\n"
          "{\"t\": 1.0, \"ev\": \"rejected\", \"task\": 5, \"status\": 429}\n"
          "{\"t\": 1.0, \"ev\": \"cpu_begin\", \"task\": 2}\n"
          "{\"t\": 1.25, \"ev\": \"cpu_end\", \"task\": 2}\n"
          "{\"t\": 1.25, \"ev\": \"thread_begin\", \"task\": 6}\n"
          "{\"t\": 1.75, \"ev\": \"thread_end\", \"task\": 6}\n"
          "{\"t\": 2.0, \"ev\": \"pending\", \"task\": 7}\n");
}

TEST_CASE("the run model's extension kinds print as docs/trace-extensions.md says") {
    cs::Symbols symbols;
    const std::string got = writeAll(
        {
            {0.5, 1, EvKind::Ready, 0},
            {1.0, 1, EvKind::Resumed, 0},
            {1.0, 2, EvKind::PutWait, 0},
            {1.0, 2, EvKind::Enqueue, 0},
            {1.0, 2, EvKind::Worker, 1},
            {1.0, 3, EvKind::LockWait, 0},
            {1.5, 3, EvKind::LockHeld, 0},
            {1.5, 3, EvKind::Read, 4},
            {2.0, 3, EvKind::Write, 5},
            {2.0, 3, EvKind::LockFree, 0},
            {2.0, -1, EvKind::Returned, 0},
        },
        symbols);
    CHECK(got ==
          "{\"t\": 0.5, \"ev\": \"ready\", \"task\": 1}\n"
          "{\"t\": 1.0, \"ev\": \"resumed\", \"task\": 1}\n"
          "{\"t\": 1.0, \"ev\": \"put_wait\", \"task\": 2}\n"
          "{\"t\": 1.0, \"ev\": \"enqueue\", \"task\": 2}\n"
          "{\"t\": 1.0, \"ev\": \"worker\", \"task\": 2, \"worker\": 1}\n"
          "{\"t\": 1.0, \"ev\": \"lock_wait\", \"task\": 3}\n"
          "{\"t\": 1.5, \"ev\": \"lock_held\", \"task\": 3}\n"
          "{\"t\": 1.5, \"ev\": \"read\", \"task\": 3, \"value\": 4}\n"
          "{\"t\": 2.0, \"ev\": \"write\", \"task\": 3, \"value\": 5}\n"
          "{\"t\": 2.0, \"ev\": \"lock_free\", \"task\": 3}\n"
          "{\"t\": 2.0, \"ev\": \"returned\", \"call\": 0}\n");
}

TEST_CASE("a Queue put() cancelled while it waited is written as the tracer writes it") {
    cs::Symbols symbols;
    CHECK(writeAll({{0.5, 4, EvKind::PutCancelled, 0}}, symbols) ==
          "{\"t\": 0.5, \"ev\": \"put_cancelled\", \"task\": 4}\n");
}

TEST_CASE("times print with Python's repr so sums of decimals show their error") {
    cs::Symbols symbols;
    const double t = 0.1 + 0.2;
    CHECK(writeAll({{t, 0, EvKind::Done, 0}}, symbols) ==
          "{\"t\": 0.30000000000000004, \"ev\": \"done\", \"task\": 0}\n");
    CHECK(writeAll({{1e-05, 0, EvKind::Done, 0}}, symbols) ==
          "{\"t\": 1e-05, \"ev\": \"done\", \"task\": 0}\n");
}

TEST_CASE("exception names that need JSON escaping still give a valid line") {
    cs::Symbols symbols;
    const auto odd = symbols.intern("Bad\"Name\\\n");
    CHECK(writeAll({{0.0, -1, EvKind::Raise, odd}}, symbols) ==
          "{\"t\": 0.0, \"ev\": \"raise\", \"exc\": \"Bad\\\"Name\\\\\\n\"}\n");
}
