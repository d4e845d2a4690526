#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "trace/jsonl_writer.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

using cs::EvKind;
using cs::Outcome;
using cs::TraceEvent;

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("written events read back as the same events with the same names") {
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    const auto eg = symbols.intern("ExceptionGroup");
    const std::vector<TraceEvent> events = {
        {0.0, 0, EvKind::Created, 0},   {0.0, 0, EvKind::Request, 0},
        {0.0, 0, EvKind::Running, 0},   {0.0, 1, EvKind::Created, 0},
        {0.1 + 0.2, 1, EvKind::CpuBegin, 0}, {0.5, 1, EvKind::CpuEnd, 0},
        {0.5, -1, EvKind::Limit, 3},    {0.5, 0, EvKind::Release, 1},
        {0.5, 1, EvKind::Wake, 0},      {0.5, 1, EvKind::Rejected, 503},
        {0.5, 1, EvKind::Failed, 0},    {0.5, 1, EvKind::FailedExc, ve},
        {1.0, 0, EvKind::Swallowed, 0}, {1.0, 0, EvKind::Done, 0},
        {1.0, 0, EvKind::Result, 1},    {1.0, 1, EvKind::Result, 0},
        {1.0, 2, EvKind::Pending, 0},   {1.0, 2, EvKind::ThreadBegin, 0},
        {1e-05, 2, EvKind::ThreadEnd, 0},
        {1.0, -1, EvKind::Raise, eg},
        {1.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)},
    };
    std::stringstream text;
    cs::JsonlWriter writer(text);
    for (const auto& e : events) writer.append(e, symbols);

    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    REQUIRE(store.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        INFO("event " << i << " " << cs::evName(events[i].kind));
        TraceEvent got = store.at(i);
        TraceEvent want = events[i];
        if (want.kind == EvKind::Raise || want.kind == EvKind::FailedExc) {
            // Symbol ids are the reader's own: compare the names they stand for.
            CHECK(store.symbols().name(got.arg) == symbols.name(want.arg));
            got.arg = want.arg = 0;
        }
        if (want.kind == EvKind::End) {
            // The reader names the escaping class in End's task slot, the way
            // the engine does; the writer took it from the last Raise.
            CHECK(store.symbols().name(got.task) == "ExceptionGroup");
            got.task = want.task;
        }
        CHECK(got == want);
    }
}

TEST_CASE("the reader skips kinds it does not know and blank lines") {
    std::istringstream text(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
        "\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 3}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"extra\": [1, 2]}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.size() == 2);
    CHECK(reader.skipped() == 1);
    CHECK(store.at(1) == TraceEvent{1.0, 0, EvKind::Done, 0});
}

TEST_CASE("a bad trace line is reported with its line number") {
    struct Case { const char* second; const char* error; };
    const Case cases[] = {
        {"not json", "line 2: not valid JSON"},
        {"[1, 2]", "line 2: not a JSON object"},
        {"{\"t\": 0.0}", "line 2: \"ev\" must be a string"},
        {"{\"t\": \"soon\", \"ev\": \"done\", \"task\": 0}", "line 2: \"t\" must be a number"},
        {"{\"t\": 0.0, \"ev\": \"done\"}", "line 2: \"task\" is required for \"done\""},
        {"{\"t\": 0.0, \"ev\": \"done\", \"task\": -5}", "line 2: \"task\" must be an integer >= -1"},
        {"{\"t\": 0.0, \"ev\": \"result\", \"task\": 0}", "line 2: \"ok\" must be true or false"},
        {"{\"t\": 0.0, \"ev\": \"end\", \"outcome\": \"fine\"}",
         "line 2: \"outcome\" must be ok, deadlock or raised:Name, not \"fine\""},
        {"{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1.5}", "line 2: \"value\" must be a 32-bit integer"},
    };
    for (const Case& c : cases) {
        INFO(c.second);
        std::istringstream text(std::string("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n") + c.second + "\n");
        cs::TraceReader reader;
        cs::TraceStore store;
        CHECK_FALSE(reader.read(text, store));
        REQUIRE(reader.error().has_value());
        CHECK(reader.error()->what() == c.error);
        CHECK(store.size() == 1);  // the good line before it was kept
    }
}

TEST_CASE("a missing trace file is an error, not a crash") {
    cs::TraceReader reader;
    cs::TraceStore store;
    CHECK_FALSE(reader.readFile("/nonexistent/trace.jsonl", store));
    REQUIRE(reader.error().has_value());
    CHECK(reader.error()->line == 0);
}

TEST_CASE("every CPython-made example trace reads and writes back byte for byte") {
    const std::filesystem::path dir =
        std::filesystem::path(COROSCOPE_SOURCE_DIR) / ".." / "shared" / "spec" / "examples";
    if (!std::filesystem::is_directory(dir)) {
        WARN("no examples at " << dir << ": skipped");
        return;
    }
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".trace.jsonl") continue;
        INFO(name);
        cs::TraceReader reader;
        cs::TraceStore store;
        REQUIRE(reader.readFile(entry.path().string(), store));
        CHECK(reader.skipped() == 0);
        std::ostringstream out;
        cs::JsonlWriter::writeAll(out, store);
        CHECK(out.str() == slurp(entry.path()));
        ++files;
    }
    CHECK(files > 0);
}
