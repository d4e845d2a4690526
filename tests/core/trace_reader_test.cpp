#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "export/trace_file.h"
#include "model/run_model.h"
#include "text/message_text.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

using cs::EvKind;
using cs::Outcome;
using cs::TraceEvent;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> filesIn(const fs::path& dir, const std::string& suffix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().ends_with(suffix)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

const fs::path kTraces = fs::path(COROSCOPE_TEST_DATA_DIR) / "traces";

// The error reading `text` gives ("" when it reads).
std::string errorOf(const std::string& text) {
    std::istringstream in(text);
    cs::TraceReader reader;
    cs::TraceStore store;
    if (reader.read(in, store)) return "";
    return reader.error()->what();
}

std::string line(const std::string& body) { return "{\"t\": 0.0, " + body + "}\n"; }

// `reader` reads `text` and stops at line `lineNo` with `message`, the
// `events` before it stored.
void checkStopsAt(cs::TraceReader& reader, const std::string& text, std::size_t lineNo, const std::string& message,
                  std::size_t events) {
    std::istringstream in(text);
    cs::TraceStore store;
    CHECK_FALSE(reader.read(in, store));
    REQUIRE(reader.error().has_value());
    CHECK(reader.error()->what() == "line " + std::to_string(lineNo) + ": " + message);
    CHECK(store.size() == events);
}
const std::string kCreated0 = "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n";
}  // namespace

TEST_CASE("the reader tells a job that waited in the pool's queue from one a worker took at once") {
    const auto read = [](const std::string& text) {
        cs::TraceReader reader;
        cs::TraceStore store;
        std::istringstream in(text);
        REQUIRE(reader.read(in, store));
        return reader.sawPoolWait();
    };
    const std::string head = kCreated0 + "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 0}\n";
    // A worker freed at that instant takes it at once: no wait.
    CHECK_FALSE(read(head + "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n"
                            "{\"t\": 1.0, \"ev\": \"thread_end\", \"task\": 0}\n"));
    CHECK(read(head + "{\"t\": 0.5, \"ev\": \"thread_begin\", \"task\": 0}\n"));
    CHECK(read(head + "{\"t\": 0.5, \"ev\": \"thread_end\", \"task\": 0}\n"));  // dropped
    CHECK(read(head + "{\"t\": 0.5, \"ev\": \"cancelled\", \"task\": 0}\n"));  // ended waiting
    CHECK_FALSE(read(kCreated0 + "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n"));
    // Another task's later line says nothing of task 0's wait.
    CHECK_FALSE(read(head + "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n"
                            "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1}\n"
                            "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 1}\n"
                            "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 1}\n"
                            "{\"t\": 2.0, \"ev\": \"done\", \"task\": 0}\n"));
}

TEST_CASE("the reader tells which pool a trace's jobs ran in") {
    const auto read = [](const std::string& text) {
        auto reader = std::make_unique<cs::TraceReader>();
        cs::TraceStore store;
        std::istringstream in(text);
        REQUIRE(reader->read(in, store));
        return reader;
    };
    const auto process = read(kCreated0 + "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0, \"pool\": \"process\"}\n");
    CHECK(process->sawPool(true));
    CHECK_FALSE(process->sawPool(false));
    const auto thread = read(kCreated0 + "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 0}\n");
    CHECK(thread->sawPool(false));
    CHECK_FALSE(thread->sawPool(true));
    const auto none = read(kCreated0);
    CHECK_FALSE(none->sawPool(false));
    CHECK_FALSE(none->sawPool(true));
    // A job run on after its task stopped waiting: a thread_left, or its end after the task's.
    const std::string begun = kCreated0 + "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n";
    CHECK_FALSE(thread->sawJobLeftRunning());
    CHECK_FALSE(read(begun + "{\"t\": 1.0, \"ev\": \"thread_end\", \"task\": 0}\n"
                             "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0}\n")
                    ->sawJobLeftRunning());
    CHECK(read(begun + "{\"t\": 0.5, \"ev\": \"thread_left\", \"task\": 0}\n")->sawJobLeftRunning());
    CHECK(read(begun + "{\"t\": 0.5, \"ev\": \"cancelled\", \"task\": 0}\n"
                       "{\"t\": 1.0, \"ev\": \"thread_end\", \"task\": 0}\n")
              ->sawJobLeftRunning());
}

TEST_CASE("written events read back as the same events with the same names") {
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    const auto eg = symbols.intern("ExceptionGroup");
    const std::vector<TraceEvent> events = {
        {0.0, 0, EvKind::Created, 0},   {0.0, 0, EvKind::Request, 0},
        {0.0, 0, EvKind::Running, 0},   {0.0, 1, EvKind::Created, 1},
        {0.0, 2, EvKind::Created, 0},   {0.0, 2, EvKind::ThreadQueued, 1},
        {0.0, 2, EvKind::ThreadBegin, 1},
        {1e-05, 2, EvKind::ThreadEnd, 0},
        {0.1 + 0.2, 1, EvKind::CpuBegin, 0}, {0.5, 1, EvKind::CpuEnd, 0},
        {0.5, -1, EvKind::Limit, 3},    {0.5, 0, EvKind::Release, 1},
        {0.5, 1, EvKind::Wake, 0},      {0.5, 2, EvKind::GaveUp, 0},
        {0.5, 1, EvKind::Rejected, 503},
        {0.5, 3, EvKind::PutWait, 1},   {0.5, 4, EvKind::PutWait, 0},  // a put() of task 0's (by 0), main()'s
        {0.5, 1, EvKind::Failed, 0},    {0.5, 1, EvKind::FailedExc, ve},
        {1.0, 0, EvKind::Swallowed, 0}, {1.0, 0, EvKind::Done, 0},
        {1.0, 0, EvKind::Result, 1},    {1.0, 1, EvKind::Result, 0},
        {1.0, 2, EvKind::Pending, 0},   {1.0, -1, EvKind::Returned, 0},
        {1.0, -1, EvKind::Raise, eg},
        {1.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)},
    };
    std::stringstream text;
    cs::JsonlWriter writer(text);
    for (const auto& e : events) writer.append(e, symbols);

    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(reader.ended());
    REQUIRE(store.size() == events.size());
    CHECK(store.taskIds().empty());  // ids 0..4 are their own lanes
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
        "   \t\r\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 3}\n"
        "{\"t\": 1e400, \"ev\": \"someday\", \"task\": -9}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"extra\": [1, {\"deep\": [2]}]}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.size() == 2);
    CHECK(reader.skipped() == 2);
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
        {"{\"t\": 0.0, \"ev\": \"done\", \"task\": -5}", "line 2: \"task\" must be a task id (an integer >= 0)"},
        {"{\"t\": 0.0, \"ev\": \"done\", \"task\": 2.0}", "line 2: \"task\" must be a task id (an integer >= 0)"},
        {"{\"t\": 0.0, \"ev\": \"result\", \"task\": 0}", "line 2: \"ok\" must be true or false"},
        {"{\"t\": 0.0, \"ev\": \"end\", \"outcome\": \"fine\"}",
         "line 2: \"outcome\" must be ok, deadlock or raised:Name, not \"fine\""},
        {"{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1.5}", "line 2: \"value\" must be a 32-bit integer"},
        {"{\"t\": 0.0, \"ev\": \"limit\", \"value\": 2147483648}", "line 2: \"value\" must be a 32-bit integer"},
        {"{\"t\": 0.0, \"ev\": \"wake\", \"task\": 0, \"by\": null}", "line 2: \"by\" must be a task id or -1"},
        {"{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"parent\": -1}",
         "line 2: \"parent\" must be a task id (an integer >= 0)"},
        {"{\"t\": 0.0, \"ev\": \"put_wait\", \"task\": 1, \"by\": \"producer\"}",
         "line 2: \"by\" must be a task id (an integer >= 0)"},
        {"{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"sem\": 16}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"sem\": -1}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"sem\": \"a\"}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"release\", \"task\": 0, \"woke\": -1, \"sem\": 16}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"release\", \"task\": 0, \"woke\": -1, \"sem\": 1.5}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"acquire\", \"task\": 0, \"sem\": \"a\"}",
         "line 2: \"sem\" must be a number from 0 to 15 (a \"primitive\" line's)"},
        {"{\"t\": 0.0, \"ev\": \"counter\", \"value\": 3}", "line 2: \"counter\" needs integer \"value\" and \"expected\""},
    };
    for (const Case& c : cases) {
        INFO(c.second);
        std::istringstream text(kCreated0 + c.second + "\n");
        cs::TraceReader reader;
        cs::TraceStore store;
        CHECK_FALSE(reader.read(text, store));
        REQUIRE(reader.error().has_value());
        CHECK(reader.error()->what() == c.error);
        CHECK(store.size() == 1);  // the good line before it was kept
    }
}

TEST_CASE("hostile trace files in tests/data/traces/bad give their expected error line") {
    const auto files = filesIn(kTraces / "bad", ".jsonl");
    REQUIRE(files.size() >= 15);
    for (const auto& f : files) {
        INFO(f.filename().string());
        fs::path expectedFile = f;
        expectedFile.replace_extension(".expected");
        REQUIRE(fs::exists(expectedFile));
        std::string expected = slurp(expectedFile);
        while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
        cs::TraceReader reader;
        cs::TraceStore store;
        CHECK_FALSE(reader.readFile(f.string(), store));
        REQUIRE(reader.error().has_value());
        CHECK(reader.error()->what() == expected);
        // Messages are printable UTF-8 whatever the file held.
        CHECK(cs::MessageText::printable(reader.error()->what()) == reader.error()->what());
    }
}

TEST_CASE("odd but true traces in tests/data/traces/good load") {
    const auto files = filesIn(kTraces / "good", ".jsonl");
    REQUIRE(files.size() >= 6);
    for (const auto& f : files) {
        INFO(f.filename().string());
        cs::TraceReader reader;
        cs::TraceStore store;
        CHECK(reader.readFile(f.string(), store));
        CHECK(store.size() > 0);
        const bool cut = f.filename() == "killed-mid-line.jsonl";
        const bool stopped = f.filename() == "stopped-by-the-runner.jsonl";
        CHECK(reader.ended() == (f.filename() != "partial-run.jsonl" && !cut && !stopped));
        CHECK(reader.stop().has_value() == stopped);
        CHECK(reader.cutLine() == (cut ? 8u : 0u));
    }
}

TEST_CASE("time must go forward and be a finite number from 0") {
    CHECK(errorOf(kCreated0 + "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0}\n"
                              "{\"t\": 0.999, \"ev\": \"end\", \"outcome\": \"ok\"}\n") ==
          "line 3: \"t\" goes back in time: 0.999 after 1.0 (events must be in time order)");
    CHECK(errorOf(kCreated0 + "{\"t\": -Infinity, \"ev\": \"done\", \"task\": 0}\n") == "line 2: \"t\" must be a finite number");
    CHECK(errorOf(kCreated0 + "{\"t\": 0.0, \"ev\": Infinity, \"ev\": \"done\", \"task\": 0}\n") ==
          "line 2: not valid JSON: NaN and Infinity are not JSON numbers");
    CHECK(errorOf("{\"t\": -0.0, \"ev\": \"created\", \"task\": 0}\n").empty());
    CHECK(errorOf("{\"t\": 3, \"ev\": \"created\", \"task\": 0}\n").empty());  // an integer time is a time
    // Equal times are in order (one loop iteration's events share their instant).
    CHECK(errorOf(kCreated0 + "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1}\n").empty());
}

TEST_CASE("a task's life is checked: created once, before its events, ended at most once") {
    CHECK(errorOf(line("\"ev\": \"running\", \"task\": 4")) == "line 1: task 4: \"running\" before its \"created\"");
    CHECK(errorOf(kCreated0 + line("\"ev\": \"cancelled\", \"task\": 0") + line("\"ev\": \"cancelled\", \"task\": 0")) ==
          "line 3: task 0 ends twice (\"cancelled\" after \"cancelled\")");
    // The caller's view and the queue's may name a task that never started.
    CHECK(errorOf(line("\"ev\": \"result\", \"task\": 9, \"ok\": false") + line("\"ev\": \"pending\", \"task\": 8") +
                  line("\"ev\": \"enqueue\", \"task\": 7") + line("\"ev\": \"put_wait\", \"task\": 6") +
                  line("\"ev\": \"worker\", \"task\": 7, \"worker\": 0"))
              .empty());
    // woke, by and parent name other tasks: not events of theirs.
    CHECK(errorOf(kCreated0 + line("\"ev\": \"release\", \"task\": 0, \"woke\": 5") +
                  line("\"ev\": \"created\", \"task\": 1, \"parent\": 6"))
              .empty());
    // A swallowed cancel is one ending, not two.
    CHECK(errorOf(kCreated0 + line("\"ev\": \"done\", \"task\": 0, \"note\": \"swallowed cancel\"")).empty());
}

TEST_CASE("sparse task ids become lanes in id order, the file's ids kept for display") {
    // First appearance 30, 10, 20: lanes follow the ids, not the lines.
    std::istringstream text(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 30, \"name\": \"c\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 10, \"parent\": 30, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 4294967296, \"name\": \"d\"}\n"
        "{\"t\": 0.5, \"ev\": \"release\", \"task\": 30, \"woke\": 20}\n"
        "{\"t\": 0.5, \"ev\": \"created\", \"task\": 20}\n"
        "{\"t\": 0.5, \"ev\": \"wake\", \"task\": 20, \"by\": 30}\n"
        "{\"t\": 0.5, \"ev\": \"release\", \"task\": 10, \"woke\": -1}\n"
        "{\"t\": 0.5, \"ev\": \"put_wait\", \"task\": 10, \"by\": 30}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.taskIds() == std::vector<std::int64_t>{10, 20, 30, 4294967296});
    CHECK(store.maxTask() == 3);
    CHECK(store.at(0) == TraceEvent{0.0, 2, EvKind::Created, 0});
    CHECK(store.at(1) == TraceEvent{0.0, 0, EvKind::Created, 2 + 1});  // parent 30 is lane 2
    CHECK(store.at(2) == TraceEvent{0.0, 3, EvKind::Created, 0});
    CHECK(store.at(3) == TraceEvent{0.5, 2, EvKind::Release, 1});      // woke 20 is lane 1
    CHECK(store.at(4) == TraceEvent{0.5, 1, EvKind::Created, 0});
    CHECK(store.at(5) == TraceEvent{0.5, 1, EvKind::Wake, 2});
    CHECK(store.at(6) == TraceEvent{0.5, 0, EvKind::Release, -1});
    CHECK(store.at(7) == TraceEvent{0.5, 0, EvKind::PutWait, 2 + 1});  // by 30 is lane 2
    CHECK(store.taskId(3) == 4294967296);
    CHECK(store.taskId(-1) == -1);
    REQUIRE(reader.names().size() == 4);
    CHECK(reader.names() == std::vector<std::string>{"a", "", "c", "d"});
}

TEST_CASE("a refused line leaves no lane behind, so every lane is named by a kept event") {
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 1}\n"
                            "{\"t\": 0.0, \"ev\": \"created\", \"task\": 5}\n"
                            "{\"t\": 0.5, \"ev\": \"running\", \"task\": 3}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE_FALSE(reader.read(text, store));
    CHECK(reader.error()->line == 3);
    CHECK(store.size() == 2);
    CHECK(store.maxTask() == 1);
    CHECK(store.taskIds() == std::vector<std::int64_t>{1, 5});

    std::istringstream first("{\"t\": 0.0, \"ev\": \"request\", \"task\": 3}\n");
    REQUIRE_FALSE(reader.read(first, store));
    CHECK(store.size() == 0);
    CHECK(store.taskIds().empty());
}

TEST_CASE("a task named only by another's event still has a lane below maxTask") {
    // A parent with no line of its own, with the largest id: its lane is the
    // last one, and every lane an event names is within the store's lanes.
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 5, \"parent\": 90}\n"
                            "{\"t\": 0.0, \"ev\": \"created\", \"task\": 7}\n"
                            "{\"t\": 1.0, \"ev\": \"release\", \"task\": 7, \"woke\": 80}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.taskIds() == std::vector<std::int64_t>{5, 7, 80, 90});
    CHECK(store.maxTask() == 3);
    CHECK(store.at(0) == TraceEvent{0.0, 0, EvKind::Created, 3 + 1});
    CHECK(store.at(2) == TraceEvent{1.0, 1, EvKind::Release, 2});
}

TEST_CASE("one huge task id costs one lane, not an array up to it") {
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 2147483647}\n"
                            "{\"t\": 0.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.maxTask() == 0);
    CHECK(store.taskId(0) == 2147483647);
    CHECK(store.memoryBytes() < 1u << 20);
}

TEST_CASE("a trace without an end line reads as a partial run") {
    std::istringstream cut(kCreated0 + line("\"ev\": \"request\", \"task\": 0"));
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(cut, store));
    CHECK_FALSE(reader.ended());
    CHECK(store.size() == 2);
    std::istringstream empty("");
    REQUIRE(reader.read(empty, store));
    CHECK_FALSE(reader.ended());
    CHECK(store.empty());
}

TEST_CASE("a run the runner stopped ends at its stopped line: an event of the run, its words kept") {
    std::istringstream in(kCreated0 + "{\"t\": 1.0, \"ev\": \"running\", \"task\": 0}\n" +
                          "{\"t\": 2.5, \"ev\": \"stopped\", \"reason\": \"exit\", \"message\": "
                          "\"os._exit(3) ended it\", \"file\": \"prog.py\", \"line\": 7}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(in, store));
    CHECK_FALSE(reader.ended());
    REQUIRE(reader.stop().has_value());
    CHECK(reader.stop()->t == 2.5);
    CHECK(reader.stop()->reason == "exit");
    CHECK(reader.stop()->message == "os._exit(3) ended it");
    CHECK(reader.stop()->place.line == 7);
    CHECK(reader.skipped() == 0);
    REQUIRE(store.size() == 3);
    CHECK(store.at(2).kind == cs::EvKind::Stopped);
    CHECK(store.at(2).t == 2.5);
    // The run is known up to the stop: a task still running runs until then.
    const cs::RunModel model = cs::RunModel::of(store, {});
    CHECK_FALSE(model.ended());
    CHECK(model.makespan() == 2.5);
    CHECK(model.stateAt(0, 2.4) == cs::TaskState::Running);
    // Written back, the stop is still the run's last moment.
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    CHECK(out.str().find("{\"t\": 2.5, \"ev\": \"stopped\"}") != std::string::npos);
}

TEST_CASE("the meta line says how the trace was timed and by which Python") {
    const auto read = [](const std::string& meta) {
        std::istringstream in(meta + kCreated0);
        cs::TraceReader reader;
        cs::TraceStore store;
        REQUIRE(reader.read(in, store));
        CHECK(store.size() == 1);  // meta is not an event
        return std::make_pair(reader.clock(), reader.python());
    };
    CHECK(read("{\"t\": 0.0, \"ev\": \"meta\", \"python\": \"3.11.7\", \"clock\": \"real\"}\n") ==
          std::make_pair(std::string("real"), std::string("3.11.7")));
    CHECK(read("{\"t\": 0.0, \"ev\": \"meta\", \"python\": \"3.11.2\", \"clock\": \"virtual\"}\n") ==
          std::make_pair(std::string("virtual"), std::string("3.11.2")));
    CHECK(read("") == std::make_pair(std::string(), std::string()));  // an engine's trace says nothing
}

TEST_CASE("a last line cut off in its middle is left out: the run up to it reads as partial") {
    // A writer killed in the middle of a line (the kernel can stop a write
    // between two pages) or a stream cut off. Cut inside the last line, in a
    // small file and past a chunk (the applying thread decodes the end of
    // each chunk itself).
    const std::string last = "{\"t\": 2.0, \"ev\": \"done\", \"task\": 1, \"name\": \"job-1\"}";
    for (const std::size_t before : {std::size_t{0}, cs::TraceReader::kChunkBytes + 1000}) {
        std::string whole = kCreated0 + line("\"ev\": \"created\", \"task\": 1");
        std::size_t lines = 2;
        while (whole.size() < before) {
            whole += line("\"ev\": \"note\"");  // an unknown kind: skipped
            ++lines;
        }
        // Every byte in the small file; a few past a chunk (each read is 4 MB).
        for (std::size_t n = 1; n < last.size(); n += before == 0 ? 1 : 9) {
            CAPTURE(before, n);
            std::istringstream in(whole + last.substr(0, n));
            cs::TraceReader reader;
            cs::TraceStore store;
            REQUIRE(reader.read(in, store));
            CHECK(reader.cutLine() == lines + 1);
            CHECK_FALSE(reader.ended());
            CHECK(store.size() == 2);
        }
        // Whole, the same line is read, and nothing is cut.
        std::istringstream in(whole + last);
        cs::TraceReader reader;
        cs::TraceStore store;
        REQUIRE(reader.read(in, store));
        CHECK(reader.cutLine() == 0);
        CHECK(store.size() == 3);
    }
    // Not a cut: the same text with a newline after it (more may follow), or
    // as the only line, or a last line that does not begin an object.
    CHECK(errorOf(kCreated0 + "{\"t\": 2.0, \"ev\": \"do\n").substr(0, 21) == "line 2: not valid JSO");
    CHECK(errorOf("{\"t\": 2.0, \"ev\": \"do").substr(0, 21) == "line 1: not valid JSO");
    CHECK(errorOf(kCreated0 + "t\": 2.0, \"ev\": \"do").substr(0, 21) == "line 2: not valid JSO");
}

TEST_CASE("a line longer than the cap is refused by number without being kept") {
    const std::string longLine = "{\"t\": 0.0, \"ev\": \"note\", \"pad\": \"" +
                                 std::string(cs::TraceReader::kMaxLineBytes, 'x') + "\"}\n";
    CHECK(errorOf(kCreated0 + longLine) == "line 2: longer than 1048576 bytes (the limit for one line)");
    // The last line, without a newline after it, too.
    CHECK(errorOf(kCreated0 + "\n" + longLine.substr(0, longLine.size() - 1)) ==
          "line 3: longer than 1048576 bytes (the limit for one line)");
    // Just under the cap is fine.
    const std::string fits = "{\"t\": 0.0, \"ev\": \"note\", \"pad\": \"" +
                             std::string(cs::TraceReader::kMaxLineBytes - 40, 'x') + "\"}\n";
    CHECK(errorOf(kCreated0 + fits).empty());
}

TEST_CASE("bytes that are not text are named, and escaped in the message") {
    CHECK(errorOf(kCreated0 + std::string("{\"t\": 0.0,\0 \"ev\": 1}\n", 22)) ==
          "line 2: a NUL byte at column 11 (a binary file, or not UTF-8 text?)");
    CHECK(errorOf(kCreated0 + "{\"t\": 0.0, \"ev\": \"caf\xE9\"}\n") == "line 2: not valid UTF-8");
    CHECK(errorOf(std::string("\xFF\xFE{\0\"\0", 6)) == "line 1: UTF-16 text? save it as UTF-8");
    // Escaped and non-ASCII text is read through simdjson, with the same result.
    CHECK(errorOf(line("\"ev\": \"\\u0065nd\", \"outcome\": \"raised:Caf\xC3\xA9\"")).empty());
    CHECK(errorOf(line("\"ev\": \"end\", \"outcome\": \"\xC3\xA9\\u0001\"")) ==
          "line 1: \"outcome\" must be ok, deadlock or raised:Name, not \"\xC3\xA9\\u0001\"");
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are read as plain lines") {
    std::istringstream text("\xEF\xBB\xBF" + kCreated0.substr(0, kCreated0.size() - 1) + "\r\n\r\n" +
                            "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\r\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.size() == 2);
    CHECK(reader.ended());
}

TEST_CASE("a file read in chunks gives the events line by line reading gives") {
    // Lines cross the reader's chunk boundaries at every offset: times with
    // ever more digits shift them.
    std::string text;
    std::vector<TraceEvent> want;
    std::int32_t task = 0;
    double t = 0.0;
    std::ostringstream unused;
    cs::JsonlWriter writer(unused);
    const cs::Symbols none;
    while (text.size() < 3 * cs::TraceReader::kChunkBytes) {
        t += 0.000001 * static_cast<double>(task % 7);
        for (EvKind k : {EvKind::Created, EvKind::Request, EvKind::Running, EvKind::Done}) {
            want.push_back({t, task, k, 0});
            text += writer.format(want.back(), none) + "\n";
        }
        ++task;
    }
    std::istringstream in(text);
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(in, store));
    REQUIRE(store.size() == want.size());
    bool same = true;
    for (std::size_t i = 0; i < want.size(); ++i) same = same && store.at(i) == want[i];
    CHECK(same);
}

TEST_CASE("a bad line chunks into a big file stops the read there with its line number and keeps the lines before it") {
    // Several chunks: read and parsed on a second thread, applied in order
    // on this one. Each error is one the decoder finds alone (no "t") or one
    // only the reader's state shows (a second end of the same task).
    std::string good;
    std::size_t lines = 0, events = 0;
    for (std::int64_t task = 0; good.size() < 2 * cs::TraceReader::kChunkBytes + 12345; ++task) {
        good += "{\"t\": 1.5, \"ev\": \"created\", \"task\": " + std::to_string(task) + ", \"name\": \"job-" +
                std::to_string(task) + "\"}\n";
        good += "{\"t\": 1.5, \"ev\": \"permits\", \"value\": " + std::to_string(task % 3) + "}\n";
        good += "{\"t\": 1.5, \"ev\": \"done\", \"task\": " + std::to_string(task) + "}\n";
        lines += 3;
        events += 2;
    }
    for (const auto& [bad, message] : std::vector<std::pair<std::string, std::string>>{
             {"{\"ev\": \"done\", \"task\": 0}", "\"t\" must be a number"},
             {"{\"t\": 2.0, \"ev\": \"done\", \"task\": 7}", "task 7 ends twice (\"done\" after \"done\")"},
             {"{\"t\": 1.0, \"ev\": \"done\"}", "\"t\" goes back in time: 1.0 after 1.5 (events must be in time order)"}}) {
        CAPTURE(bad);
        cs::TraceReader reader;
        checkStopsAt(reader, good + bad + "\n" + good, lines + 1, message, events);
        CHECK(reader.permits().size() == lines / 3);
        REQUIRE(reader.names().size() == lines / 3);
        CHECK(reader.names().back() == "job-" + std::to_string(lines / 3 - 1));
    }
}

TEST_CASE("a bad line anywhere in a chunk stops the read with its line number, also the last line without a newline") {
    // The parsing thread decodes the first part of each chunk, the applying
    // thread the rest: the bad line lands in either, at many offsets.
    const auto goodLines = [](std::size_t bytes, std::size_t& lines, std::size_t& events) {
        std::string good;
        lines = events = 0;
        for (std::int64_t task = 0; good.size() < bytes; ++task) {
            good += "{\"t\": 1.5, \"ev\": \"created\", \"task\": " + std::to_string(task) + "}\n";
            good += "{\"t\": 1.5, \"ev\": \"done\", \"task\": " + std::to_string(task) + "}\n";
            lines += 2;
            events += 2;
        }
        return good;
    };
    const std::size_t chunk = cs::TraceReader::kChunkBytes;
    for (std::size_t eighths = 0; eighths <= 12; ++eighths) {
        std::size_t lines = 0, events = 0;
        const std::string good = goodLines(chunk + eighths * chunk / 8, lines, events);
        for (const auto& [bad, message] : std::vector<std::pair<std::string, std::string>>{
                 {"{\"ev\": \"done\", \"task\": 0}", "\"t\" must be a number"},
                 {"{\"t\": 2.0, \"ev\": \"done\", \"task\": 7}", "task 7 ends twice (\"done\" after \"done\")"}}) {
            for (const char* after : {"\n", ""}) {  // more lines after it, or none and no newline
                CAPTURE(eighths, bad, after);
                cs::TraceReader reader;
                checkStopsAt(reader, good + bad + after + (*after ? good : std::string()), lines + 1, message, events);
            }
        }
        // And the same lines without the bad one, the last without its newline.
        std::istringstream in(good.substr(0, good.size() - 1));
        cs::TraceReader reader;
        cs::TraceStore store;
        CHECK(reader.read(in, store));
        CHECK(store.size() == events);
    }
}

TEST_CASE("permit samples of a traced Python program are kept in time order") {
    std::istringstream text(kCreated0 + "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 1}\n"
                                        "{\"t\": 0.5, \"ev\": \"permits\", \"value\": 0}\n"
                                        "{\"t\": 0.5, \"ev\": \"permits\", \"value\": \"x\"}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    REQUIRE(reader.permits().size() == 2);
    CHECK(reader.permits()[1].t == 0.5);
    CHECK(reader.permits()[1].value == 0);
}

TEST_CASE("a missing trace file is an error, not a crash") {
    cs::TraceReader reader;
    cs::TraceStore store;
    CHECK_FALSE(reader.readFile("/nonexistent/trace.jsonl", store));
    REQUIRE(reader.error().has_value());
    CHECK(reader.error()->line == 0);
    CHECK(reader.error()->what() == "/nonexistent/trace.jsonl: cannot open");
}

TEST_CASE("every CPython-made example trace reads and writes back byte for byte") {
    const fs::path dir = fs::path(COROSCOPE_SOURCE_DIR) / ".." / "shared" / "spec" / "examples";
    if (!fs::is_directory(dir)) {
        WARN("no examples at " << dir << ": skipped");
        return;
    }
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".trace.jsonl") continue;
        INFO(name);
        cs::TraceReader reader;
        cs::TraceStore store;
        REQUIRE(reader.readFile(entry.path().string(), store));
        CHECK(reader.skipped() == 0);
        CHECK(reader.ended());
        std::ostringstream out;
        cs::JsonlWriter::writeAll(out, store);
        CHECK(out.str() == slurp(entry.path()));
        ++files;
    }
    CHECK(files > 0);
}

TEST_CASE("a trace with sparse ids writes back with its own ids") {
    const fs::path f = kTraces / "good" / "sparse-task-ids.jsonl";
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.readFile(f.string(), store));
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    // Names are the Python tracer's extra: the writer has none to write.
    std::string want = slurp(f);
    for (auto p = want.find(", \"name\": \"big\""); p != std::string::npos; p = want.find(", \"name\": \"big\""))
        want.erase(p, 15);
    CHECK(out.str() == want);
}

TEST_CASE("a task a program created goes right under its parent, its own helpers under it") {
    // main() creates tasks 0, 1 and 2; task 0 then starts 3 (a wait_for's
    // inner task), task 2 starts 4, and 4 starts 5. Ids are kept for display.
    std::istringstream in(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2, \"name\": \"c\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 3, \"parent\": 0, \"name\": \"a-inner\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 4, \"parent\": 2, \"name\": \"c-inner\"}\n"
        "{\"t\": 0.5, \"ev\": \"created\", \"task\": 5, \"parent\": 4, \"name\": \"c-inner-inner\"}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 3}\n"
        "{\"t\": 1.0, \"ev\": \"release\", \"task\": 0, \"woke\": 5}\n"
        "{\"t\": 2.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(in, store));
    const std::vector<std::int64_t> lanes = {0, 3, 1, 2, 4, 5};  // the file's id on each lane, top to bottom
    REQUIRE(store.taskIds() == lanes);
    REQUIRE(reader.names() == std::vector<std::string>{"a", "a-inner", "b", "c", "c-inner", "c-inner-inner"});
    // Every event and every task an event names moved with its task.
    std::vector<std::pair<std::int64_t, std::int64_t>> parents;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const TraceEvent e = store.at(i);
        if (e.kind == EvKind::Created && e.arg > 0) parents.emplace_back(store.taskId(e.task), store.taskId(e.arg - 1));
        if (e.kind == EvKind::Done) CHECK(store.taskId(e.task) == 3);
        if (e.kind == EvKind::Release) CHECK(store.taskId(e.arg) == 5);
    }
    CHECK(parents == std::vector<std::pair<std::int64_t, std::int64_t>>{{3, 0}, {4, 2}, {5, 4}});

    // Without parents, lanes stay in id order; a parent cycle (a bad file's)
    // loses no task and keeps id order (a parent must come first).
    CHECK(errorOf(kCreated0 + line("\"ev\": \"created\", \"task\": 1")).empty());
    std::istringstream cycle("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"parent\": 1}\n"
                             "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"parent\": 0}\n"
                             "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2}\n");
    cs::TraceReader r2;
    cs::TraceStore s2;
    REQUIRE(r2.read(cycle, s2));
    std::vector<std::int64_t> seen;
    for (std::int32_t l = 0; l <= s2.maxTask(); ++l) seen.push_back(s2.taskId(l));
    CHECK(seen == std::vector<std::int64_t>{0, 1, 2});
}

TEST_CASE("main()'s own pool jobs are read, numbered densely, and written back as read") {
    // main() hands five jobs to a pool of two (p4.py on the virtual clock),
    // then a process pool's job dropped from its queue, under a sparse id.
    const fs::path f = kTraces / "good" / "main-thread-jobs.jsonl";
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.readFile(f.string(), store));
    CHECK(reader.saw(EvKind::MainThreadBegin));
    CHECK(reader.sawPool(false));
    CHECK(reader.sawPool(true));
    CHECK(reader.sawPoolWait());
    std::vector<TraceEvent> jobs;
    for (std::size_t i = 0; i < store.size(); ++i)
        if (cs::isMainJob(store.at(i).kind)) jobs.push_back(store.at(i));
    REQUIRE(jobs.size() == 15);
    for (const TraceEvent& e : jobs) CHECK(e.task == -1);  // no lane
    CHECK(jobs[0] == TraceEvent{0.0, -1, EvKind::MainThreadBegin, cs::mainJobArg(0, false)});
    CHECK(jobs[2] == TraceEvent{0.0, -1, EvKind::MainThreadQueued, cs::mainJobArg(2, false)});
    CHECK(jobs[6] == TraceEvent{0.1, -1, EvKind::MainThreadBegin, cs::mainJobArg(2, false)});
    // The sparse id 4294967296 is the sixth job seen: number 5.
    CHECK(jobs[13] == TraceEvent{0.9, -1, EvKind::MainThreadQueued, cs::mainJobArg(5, true)});
    CHECK(jobs[14] == TraceEvent{1.0, -1, EvKind::MainThreadEnd, cs::mainJobArg(5, true)});
    CHECK(store.maxTask() == 0);  // one task: the jobs made no lanes
    // Written back: the lines as read (the meta line and names are the
    // tracer's; the sparse id as its number).
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    std::string want;
    std::istringstream in(slurp(f));
    for (std::string l; std::getline(in, l);) {
        if (l.find("\"meta\"") != std::string::npos) continue;
        if (const auto p = l.find(", \"name\""); p != std::string::npos) l.erase(p, l.size() - 1 - p);
        if (const auto p = l.find("4294967296"); p != std::string::npos) l.replace(p, 10, "5");
        want += l + "\n";
    }
    CHECK(out.str() == want);
    // Read again: the same events.
    std::istringstream again(out.str());
    cs::TraceReader reader2;
    cs::TraceStore back;
    REQUIRE(reader2.read(again, back));
    REQUIRE(back.size() == store.size());
    for (std::size_t i = 0; i < store.size(); ++i) CHECK(back.at(i) == store.at(i));
    // The key names a wait in the queue only where main()'s row draws one
    // (hollow: none of its jobs runs meanwhile; here the process pool's job
    // from 0.9 s to 1.0 s), not for jobs waiting beside running ones.
    const auto waitDrawn = [](const std::string& text) {
        std::istringstream in(text);
        cs::TraceReader r;
        cs::TraceStore s;
        REQUIRE(r.read(in, s));
        return r.sawPoolWait();
    };
    const std::string beside = "{\"t\": 0.0, \"ev\": \"main_thread_begin\", \"job\": 0}\n"
                               "{\"t\": 0.0, \"ev\": \"main_thread_queued\", \"job\": 1}\n"
                               "{\"t\": 1.0, \"ev\": \"main_thread_end\", \"job\": 0}\n"
                               "{\"t\": 1.0, \"ev\": \"main_thread_begin\", \"job\": 1}\n";
    CHECK_FALSE(waitDrawn(beside + "{\"t\": 2.0, \"ev\": \"main_thread_end\", \"job\": 1}\n"));
    CHECK(waitDrawn(beside + "{\"t\": 2.0, \"ev\": \"main_thread_end\", \"job\": 1}\n"
                             "{\"t\": 2.0, \"ev\": \"main_thread_queued\", \"job\": 2}\n"
                             "{\"t\": 2.5, \"ev\": \"main_thread_end\", \"job\": 2}\n"));
    CHECK(waitDrawn("{\"t\": 0.0, \"ev\": \"main_thread_queued\", \"job\": 0}\n"
                    "{\"t\": 0.5, \"ev\": \"limit\", \"value\": 1}\n"));  // still waiting at the last line
}

TEST_CASE("a bad line of main()'s job is refused with its line number") {
    const std::string begin0 = line("\"ev\": \"main_thread_begin\", \"job\": 0");
    const std::string queued0 = line("\"ev\": \"main_thread_queued\", \"job\": 0");
    CHECK(errorOf(begin0 + begin0) == "line 2: main()'s job 0 begins twice");
    const std::string twice = "line 2: main()'s job 0 is handed over twice (a second \"main_thread_queued\")";
    CHECK(errorOf(queued0 + queued0) == twice);
    CHECK(errorOf(begin0 + queued0) == twice);
    CHECK(errorOf(line("\"ev\": \"main_thread_end\", \"job\": 3")) ==
          "line 1: main()'s job 3: \"main_thread_end\" of a job never handed over (no \"main_thread_queued\" or "
          "\"main_thread_begin\" before it)");
    const std::string end0 = line("\"ev\": \"main_thread_end\", \"job\": 0");
    CHECK(errorOf(begin0 + end0 + end0) == "line 3: main()'s job 0 ends twice");
    CHECK(errorOf(queued0 + end0 + begin0) == "line 3: main()'s job 0 begins after its \"main_thread_end\"");
    CHECK(errorOf(line("\"ev\": \"main_thread_begin\", \"job\": -2")) ==
          "line 1: \"job\" must be a job id (an integer >= 0)");
    CHECK(errorOf(line("\"ev\": \"main_thread_begin\", \"job\": 1.5")) ==
          "line 1: \"job\" must be a job id (an integer >= 0)");
    CHECK(errorOf(line("\"ev\": \"main_thread_begin\", \"job\": \"0\"")) ==
          "line 1: \"job\" must be a job id (an integer >= 0)");
    CHECK(errorOf(line("\"ev\": \"main_thread_begin\", \"job\": 99999999999999999999")) ==
          "line 1: \"job\" must be a job id (an integer >= 0)");
    CHECK(errorOf(line("\"ev\": \"main_thread_queued\"")) == "line 1: \"job\" is required for \"main_thread_queued\"");
    // Dropped from the queue: an end with no begin; a job's ids are its own,
    // not tasks' (no "created" needed).
    CHECK(errorOf(queued0 + end0 + line("\"ev\": \"main_thread_begin\", \"job\": 1, \"pool\": \"process\"")).empty());
    // Sparse ids cost no memory: two jobs of huge ids are two jobs.
    CHECK(errorOf(line("\"ev\": \"main_thread_begin\", \"job\": 9223372036854775807") +
                  line("\"ev\": \"main_thread_end\", \"job\": 9223372036854775807"))
              .empty());
}

TEST_CASE("an acquire line without \"sem\" (the only primitive so far) is read and written back without one") {
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.1, "ev": "release", "task": 0, "woke": -1}
{"t": 0.1, "ev": "acquire", "task": 0}
{"t": 0.2, "ev": "acquire", "task": 0, "sem": 1}
)";
    std::istringstream in(text);
    cs::TraceStore store;
    cs::TraceReader reader;
    REQUIRE(reader.read(in, store));
    REQUIRE(store.size() == 6);
    CHECK(store.at(4).kind == cs::EvKind::Acquire);
    CHECK(store.at(4).arg == -1);
    CHECK(store.at(5).arg == 1);
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    CHECK(out.str().find(R"("ev": "acquire", "task": 0})") != std::string::npos);
    CHECK(out.str().find(R"("ev": "acquire", "task": 0, "sem": 1})") != std::string::npos);
}

TEST_CASE("a queue_worker line names a lane that is a Queue's worker, renumbered with the lanes") {
    // Sparse ids: the worker 30 is lane 1 (10, 30). A queue_worker line of
    // a task no line named before is no lane; a malformed one is skipped.
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 30, \"name\": \"Task-2\"}\n"
                            "{\"t\": 0.0, \"ev\": \"created\", \"task\": 10, \"name\": \"item 0: 0\"}\n"
                            "{\"t\": 0.1, \"ev\": \"queue_worker\", \"task\": 30}\n"
                            "{\"t\": 0.1, \"ev\": \"queue_worker\", \"task\": 99}\n"
                            "{\"t\": 0.1, \"ev\": \"queue_worker\", \"task\": \"x\"}\n"
                            "{\"t\": 0.5, \"ev\": \"done\", \"task\": 10}\n");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.taskIds() == std::vector<std::int64_t>{10, 30});
    CHECK(reader.queueWorkers() == std::vector<std::uint8_t>{0, 1});
    CHECK(store.maxTask() == 1);
    std::istringstream none("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"Task-2\"}\n");
    REQUIRE(reader.read(none, store));
    CHECK(reader.queueWorkers().empty());
}

TEST_CASE("pool_object lines name the lanes whose enqueue put an object in a pool: idle or borrowed") {
    // Lanes 5 and 6 (ids 50, 60) put in by main(); 50 borrowed, 60 idle at
    // the first return (named after its object; a name on 50 does not
    // rename the borrowing). A pool_object of a lane with no enqueue, of an
    // unknown task or malformed: skipped.
    std::istringstream text(R"({"t": 0.0, "ev": "enqueue", "task": 50}
{"t": 0.0, "ev": "enqueue", "task": 60}
{"t": 0.0, "ev": "worker", "task": 50, "worker": 0}
{"t": 0.0, "ev": "created", "task": 50, "name": "item 0: conn-A"}
{"t": 0.0, "ev": "created", "task": 70, "name": "Task-2"}
{"t": 0.1, "ev": "done", "task": 50, "name": "item 0: conn-A"}
{"t": 0.1, "ev": "pool_object", "task": 50, "name": "other"}
{"t": 0.1, "ev": "pool_object", "task": 60, "name": "conn-B"}
{"t": 0.1, "ev": "pool_object", "task": 70}
{"t": 0.1, "ev": "pool_object", "task": 99}
{"t": 0.1, "ev": "pool_object", "task": "x"}
{"t": 0.2, "ev": "done", "task": 70, "name": "Task-2"}
)");
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(text, store));
    CHECK(store.taskIds() == std::vector<std::int64_t>{50, 60, 70});
    CHECK(reader.poolObjects() == std::vector<std::uint8_t>{2, 1, 0});
    CHECK(reader.names() == std::vector<std::string>{"item 0: conn-A", "conn-B", "Task-2"});
    CHECK_FALSE(reader.sawQueuedJob());  // (every enqueue put an object in the pool)
    std::istringstream jobs(R"({"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.1, "ev": "worker", "task": 0, "worker": 0}
)");
    REQUIRE(reader.read(jobs, store));
    CHECK(reader.poolObjects().empty());
    CHECK(reader.sawQueuedJob());
}

TEST_CASE("a pool's object is no job queued, and its producer's wait for room still ends at its put") {
    // A pool Queue(maxsize=1) that main() fills while a task borrows: its
    // put() of the second object (lane 1) waits for room from 0.0 to 0.5;
    // at the first return both puts turn out a pool's (pool_object lines).
    cs::TraceFile file;
    std::istringstream in(R"({"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.0, "ev": "put_wait", "task": 1}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "item 0: a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "item 0: a"}
{"t": 0.5, "ev": "enqueue", "task": 1}
{"t": 0.6, "ev": "done", "task": 0, "name": "item 0: a"}
{"t": 0.6, "ev": "warning", "kind": "queue_pool", "message": "m", "task": 0}
{"t": 0.6, "ev": "pool_object", "task": 0}
{"t": 0.6, "ev": "pool_object", "task": 1, "name": "b"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(file.read(in));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("pool"));
    CHECK(m.waiting().maxValue() == 0);  // (no job queued: the objects were the pool's)
    CHECK(m.jobCount() == 1);
    REQUIRE(m.producerWaits().size() == 1);
    CHECK(m.producerWaits()[0].end == 0.5);
}

TEST_CASE("a task_destroyed_pending warning naming a live task is its end, written back as that warning") {
    // Sparse ids: task 7 is lane 0. Only the first warning about it ends it:
    // not one about a task no line created, one after a task's end, one
    // without a task, a second one, nor a line whose "ev" is "destroyed".
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 7, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 8, "name": "Task-3"}
{"t": 0.05, "ev": "done", "task": 8, "name": "Task-3"}
{"t": 0.06, "ev": "warning", "kind": "task_destroyed_pending", "message": "m", "task": 8}
{"t": 0.07, "ev": "warning", "kind": "task_destroyed_pending", "message": "m", "task": 99}
{"t": 0.08, "ev": "warning", "kind": "task_destroyed_pending", "message": "m"}
{"t": 0.09, "ev": "destroyed", "task": 7}
{"t": 0.1, "ev": "warning", "kind": "task_destroyed_pending", "message": "Task was destroyed but it is pending!",)"
                             R"( "file": "gcp.py", "line": 2, "task": 7}
{"t": 0.2, "ev": "warning", "kind": "task_destroyed_pending", "message": "m", "task": 7}
{"t": 1.1, "ev": "end", "outcome": "ok"}
)";
    std::istringstream in(text);
    cs::TraceStore store;
    cs::TraceReader reader;
    REQUIRE(reader.read(in, store));
    REQUIRE(store.size() == 5);
    CHECK(store.at(3) == TraceEvent{0.1, 0, EvKind::Destroyed, 0});
    CHECK(reader.saw(EvKind::Destroyed));
    CHECK(reader.programWarnings().size() == 5);  // each is a program warning all the same
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    CHECK(out.str().find("{\"t\": 0.1, \"ev\": \"warning\", \"kind\": \"task_destroyed_pending\", \"message\": "
                         "\"Task was destroyed but it is pending!\", \"task\": 7}\n") != std::string::npos);
    // Read back: the same events.
    std::istringstream again(out.str());
    cs::TraceStore back;
    cs::TraceReader reader2;
    REQUIRE(reader2.read(again, back));
    REQUIRE(back.size() == store.size());
    for (std::size_t i = 0; i < back.size(); ++i) CHECK(back.at(i) == store.at(i));
    // A model fed while it reads, and one of the store, end the task there.
    const cs::RunModel m = cs::RunModel::of(store);
    CHECK(m.finalState(0) == cs::TaskState::Destroyed);
    CHECK(m.task(0).end == 0.1);
}
