// Files in and out: a scenario saved and opened again is the same scenario
// (live resizes included), and a trace written as JSON lines and read back
// (as the app's Open does, through TraceFile) keeps every event.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "export/chrome_trace_writer.h"
#include "export/csv_writer.h"
#include "export/trace_file.h"
#include "model/kinds.h"
#include "model/run_model.h"
#include "model/run_summary.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_store.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> bundledScenarios() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios"))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

cs::TraceStore run(const cs::Scenario& s) {
    cs::TraceStore store;
    cs::Simulation sim(s, store);
    sim.run();
    return store;
}

// Writes text to the file `name` in the temporary folder; its path.
fs::path tempFile(const char* name, const std::string& text) {
    const fs::path path = fs::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("export: every bundled scenario survives save -> open unchanged") {
    const auto files = bundledScenarios();
    REQUIRE(files.size() >= 5);
    for (const auto& f : files) {
        INFO(f.filename().string());
        const cs::LoadResult first = cs::loadScenarioFile(f.string());
        REQUIRE(first.ok());
        const std::string saved = cs::toJson(*first.scenario);
        const cs::LoadResult again = cs::parseScenario(saved);
        REQUIRE(again.ok());
        CHECK(*again.scenario == *first.scenario);
        // Saving what was opened gives the same bytes: nothing drifts.
        CHECK(cs::toJson(*again.scenario) == saved);
    }
}

TEST_CASE("export: a session's live resizes are saved as limit.schedule and replay identically") {
    const cs::LoadResult r = cs::loadScenarioFile(
        (fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / "default-semaphore-20.json").string());
    REQUIRE(r.ok());
    REQUIRE(r.scenario->limit.kind == cs::LimitKind::Semaphore);

    cs::TraceStore live;
    cs::Simulation sim(*r.scenario, live);
    sim.runUntil(0.5);
    REQUIRE(sim.setLimit(7));
    sim.runUntil(1.5);
    REQUIRE(sim.setLimit(2));
    sim.run();
    const cs::Scenario& recorded = sim.scenario();
    REQUIRE(recorded.limit.schedule.size() == 2);

    const cs::LoadResult reopened = cs::parseScenario(cs::toJson(recorded));
    REQUIRE(reopened.ok());
    CHECK(*reopened.scenario == recorded);
    CHECK(reopened.scenario->limit.schedule == recorded.limit.schedule);

    // The saved file replays the session exactly.
    const cs::TraceStore replay = run(*reopened.scenario);
    REQUIRE(replay.size() == live.size());
    for (std::size_t i = 0; i < live.size(); ++i) REQUIRE(replay.at(i) == live.at(i));
}

TEST_CASE("export: trace written as JSON lines and opened again keeps every event") {
    for (const auto& f : bundledScenarios()) {
        INFO(f.filename().string());
        const cs::LoadResult r = cs::loadScenarioFile(f.string());
        REQUIRE(r.ok());
        const cs::TraceStore store = run(*r.scenario);
        REQUIRE(store.size() > 0);

        std::stringstream text;
        cs::JsonlWriter::writeAll(text, store);
        cs::TraceFile file;
        REQUIRE(file.read(text));
        CHECK(file.skipped() == 0);
        const cs::TraceStore& back = file.store();
        REQUIRE(back.size() == store.size());
        for (std::size_t i = 0; i < store.size(); ++i) {
            const cs::TraceEvent a = store.at(i), b = back.at(i);
            INFO("event " << i);
            CHECK(a.t == b.t);
            CHECK(a.kind == b.kind);
            if (a.kind == cs::EvKind::End && a.arg == static_cast<int>(cs::Outcome::Raised))
                CHECK(store.symbols().name(a.task) == back.symbols().name(b.task));
            else
                CHECK(a.task == b.task);
            // Symbols may be numbered differently: compare the names.
            if (a.kind == cs::EvKind::Raise || a.kind == cs::EvKind::FailedExc)
                CHECK(store.symbols().name(a.arg) == back.symbols().name(b.arg));
            else
                CHECK(a.arg == b.arg);
        }
        CHECK(back.maxTask() == store.maxTask());
    }
}

TEST_CASE("export: trace files are told from scenarios by name or by their first line") {
    const fs::path dir = fs::temp_directory_path() / "coroscope-export-test";
    fs::create_directories(dir);
    auto write = [&](const char* name, const char* text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    };
    CHECK(cs::TraceFile::looksLikeTrace(write("a.jsonl", "")));
    CHECK(cs::TraceFile::looksLikeTrace(write("b.JSONL", "{}")));
    CHECK(cs::TraceFile::looksLikeTrace(write("c.json", "\n{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n")));
    CHECK_FALSE(cs::TraceFile::looksLikeTrace(write("d.json", "{\n \"format\": \"coroscope-scenario/1\",\n \"tasks\": []\n}")));
    CHECK_FALSE(cs::TraceFile::looksLikeTrace(write("e.json", "{\"format\": \"coroscope-scenario/1\", \"tasks\": []}")));
    CHECK_FALSE(cs::TraceFile::looksLikeTrace((dir / "missing.json").string()));
    // A byte order mark before the first event; a scenario on one huge line.
    CHECK(cs::TraceFile::looksLikeTrace(write("f.json", "\xEF\xBB\xBF{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n")));
    const std::string oneLine = "{\"format\": \"coroscope-scenario/1\", \"description\": \"" + std::string(3u << 20, 'x') +
                                "\", \"tasks\": []}";
    CHECK_FALSE(cs::TraceFile::looksLikeTrace(write("g.json", oneLine.c_str())));
    fs::remove_all(dir);
}

TEST_CASE("export: a trace with sparse task ids exports one row per task it names, under its ids") {
    cs::TraceFile file;
    REQUIRE(file.load((fs::path(COROSCOPE_TEST_DATA_DIR) / "traces" / "good" / "sparse-task-ids.jsonl").string()));
    CHECK_FALSE(file.partial());
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, cs::RunModel::of(file.store(), file.runConfig("t")));
    std::vector<std::string> ids;
    std::istringstream rows(csv.str());
    std::string row;
    std::getline(rows, row);  // header
    while (std::getline(rows, row)) ids.push_back(row.substr(0, row.find(',')));
    CHECK(ids == std::vector<std::string>{"5", "16777216", "2147483648"});
    std::ostringstream chrome;
    cs::ChromeTraceWriter::write(chrome, cs::RunModel::of(file.store(), file.runConfig("sparse")));
    CHECK(chrome.str().find("\"task 16777216 · big\"") != std::string::npos);
    CHECK(chrome.str().find("\"woke\": 5") != std::string::npos);
}

TEST_CASE("export: a worker's later rounds through a rate limiter are no part of its first wait's slot wait") {
    // (The tracer's lines of two workers, three rounds each through a rate
    // limiter of 5/s without max_at_once: a later round that sleeps for its
    // slot asks again and waits for it after the worker's first running.)
    std::istringstream text(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"slot_wait\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.05, \"ev\": \"request\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.05, \"ev\": \"slot_wait\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.2, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.25, \"ev\": \"request\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.25, \"ev\": \"slot_wait\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.4, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.45, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.6, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.65, \"ev\": \"done\", \"task\": 1, \"name\": \"b\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(text));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("t"));
    // The lanes draw each slot wait.
    CHECK(m.stateAt(0, 0.1) == cs::TaskState::SlotWait);
    CHECK(m.stateAt(1, 0.3) == cs::TaskState::SlotWait);
    // Of waited_s (request -> first running) the slot wait is the first
    // wait's: none for a (it ran at once), 0.2 of b's 0.2. Before, all of
    // each worker's slot waits: a's 0.35 of its 0 s wait.
    CHECK(m.waitedAt(0, 1.0) == 0.0);
    CHECK(m.slotWaitedAt(0, 1.0) == 0.0);
    CHECK(m.waitedAt(1, 1.0) == Approx(0.2));
    CHECK(m.slotWaitedAt(1, 1.0) == Approx(0.2));
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, m);
    std::istringstream rows(csv.str());
    std::string header, row;
    std::getline(rows, header);
    REQUIRE(header.substr(header.rfind(',') + 1) == "slot_waited_s");
    const std::size_t waitedCol = 6;  // id,state,created,request,running,end,waited_s
    while (std::getline(rows, row)) {
        std::vector<std::string> f;
        std::istringstream cells(row);
        for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
        REQUIRE(f.size() > waitedCol);
        CHECK(std::stod(f.back()) <= std::stod(f[waitedCol]) + 1e-9);
    }
}

TEST_CASE("export: the result of a task that never started exports it as not started") {
    cs::TraceFile file;
    REQUIRE(file.load((fs::path(COROSCOPE_TEST_DATA_DIR) / "traces" / "good" /
                       "result-of-a-task-that-never-started.jsonl").string()));
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, cs::RunModel::of(file.store(), file.runConfig("t")));
    CHECK(csv.str().find("\n1,not started,") != std::string::npos);
}

TEST_CASE("export: a traced program's names and permits are read beside the events") {
    std::istringstream text(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"fetch-a\"}\n"
        "{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"fetch, \\\"b\\\"\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"name\": \"fetch-a\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0, \"name\": \"fetch-a\"}\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 1}\n"
        "{\"t\": 0.001, \"ev\": \"request\", \"task\": 1, \"name\": \"fetch, \\\"b\\\"\"}\n"
        "{\"t\": 0.05, \"ev\": \"release\", \"task\": 0, \"woke\": 1, \"name\": \"fetch-a\"}\n"
        "{\"t\": 0.05, \"ev\": \"permits\", \"value\": 0}\n"
        "{\"t\": 0.05, \"ev\": \"done\", \"task\": 0, \"name\": \"fetch-a\"}\n"
        "{\"t\": 0.051, \"ev\": \"running\", \"task\": 1, \"name\": \"fetch, \\\"b\\\"\"}\n"
        "{\"t\": 0.051, \"ev\": \"permits\", \"value\": 1}\n");
    cs::TraceFile file;
    REQUIRE(file.read(text));
    CHECK(file.store().size() == 9);
    CHECK(file.skipped() == 3);
    REQUIRE(file.names().size() == 2);
    CHECK(file.names()[0] == "fetch-a");
    CHECK(file.names()[1] == "fetch, \"b\"");
    REQUIRE(file.permits().size() == 3);
    CHECK(file.permits()[2].t == 0.051);
    CHECK(file.permits()[2].value == 1);
    const cs::Scenario stub = file.stubScenario("demo");
    CHECK(stub.tasks.size() == 2);
    CHECK(file.laneCount() == 2);
    // Past maxSpecs lanes the stand-in holds no spec (the app counts lanes).
    CHECK(file.stubScenario("demo", 2).tasks.size() == 2);
    CHECK(file.stubScenario("demo", 1).tasks.empty());
    CHECK(file.stubScenario("demo", 1).title == stub.title);
    // No "end" line: the program was still running when the trace stopped.
    CHECK(file.partial());
    CHECK(stub.title == "demo (partial run)");
    CHECK(file.runConfig("demo").title == "demo (partial run)");
    // A Python trace names its tasks: its main() is the program's own, and
    // no line of it says what main() received.
    CHECK_FALSE(file.runConfig("demo").collectorRecorded);
    CHECK_FALSE(file.takeModel("demo").callerRecorded());
    // What its lines show it had, for the timeline's key: a release that
    // woke a task, no thread slice, no blocking call, no queue.
    // Its tasks asked for the permit (arriving, waiting); none failed or
    // was cancelled.
    CHECK(file.runConfig("demo").canHave == cs::RunConfig::CanHave{.threadSteps = false,
                                                                   .processSteps = false,
                                                                   .poolWaits = false,
                                                                   .jobsLeftRunning = false,
                                                                   .cpuSteps = false,
                                                                   .frozen = false,
                                                                   .handOvers = true,
                                                                   .queuedJobs = false,
                                                                   .arrivals = true,
                                                                   .permitWaits = true,
                                                                   .failures = false,
                                                                   .cancels = false});
    std::istringstream blocking(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
        "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n"
        "{\"t\": 0.5, \"ev\": \"thread_end\", \"task\": 0}\n"
        "{\"t\": 0.5, \"ev\": \"main_cpu_begin\"}\n"
        "{\"t\": 0.7, \"ev\": \"main_cpu_end\"}\n"
        "{\"t\": 0.7, \"ev\": \"done\", \"task\": 0}\n");
    cs::TraceFile other;
    REQUIRE(other.read(blocking));
    // A program that uses no limit: its task never asks, so it never
    // arrives nor waits for a permit.
    // main() blocked the loop with nothing else due: nobody was frozen.
    CHECK(other.runConfig("b").canHave == cs::RunConfig::CanHave{.threadSteps = true,
                                                                 .processSteps = false,
                                                                 .poolWaits = false,
                                                                 .jobsLeftRunning = false,
                                                                 .cpuSteps = true,
                                                                 .frozen = false,
                                                                 .handOvers = false,
                                                                 .queuedJobs = false,
                                                                 .arrivals = false,
                                                                 .permitWaits = false,
                                                                 .failures = false,
                                                                 .cancels = false});
    // Whether a scenario's task fails or is cancelled is not decided by its
    // fields alone: its key lists both (what else it leaves out is checked
    // against the engine below).
    const cs::RunConfig scenario = cs::RunConfig::forScenario(cs::Scenario{});
    CHECK(scenario.canHave.failures);
    CHECK(scenario.canHave.cancels);
}

TEST_CASE("export: a traced program's semaphores told apart, each with its own permits held") {
    // The tracer's "primitive" lines (what each is) and "held" lines (each
    // one's permits held); lines not well formed are skipped like any other
    // line of a kind the reader does not know.
    const std::string text =
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"BoundedSemaphore\", \"value\": 3, \"line\": 7}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"kind\": \"Lock\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 99, \"kind\": \"Lock\", \"value\": 1}\n"  // past the cap
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"value\": 5}\n"                        // no kind
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": -1, \"kind\": \"Lock\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"semaphores\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.5, \"ev\": \"held\", \"sem\": 0, \"value\": 2}\n"
        "{\"t\": 0.25, \"ev\": \"held\", \"sem\": 0, \"value\": 1}\n"  // out of order: sorted by time
        "{\"t\": 0.5, \"ev\": \"held\", \"sem\": 1, \"value\": -1}\n"  // negative: skipped
        "{\"t\": 1e400, \"ev\": \"held\", \"sem\": 1, \"value\": 5}\n"  // no finite time: skipped
        "{\"t\": -1, \"ev\": \"held\", \"sem\": 1, \"value\": 5}\n"
        "{\"t\": 1e400, \"ev\": \"permits\", \"value\": 5}\n"
        "{\"t\": 0.5, \"ev\": \"held\", \"sem\": 1, \"value\": 1}\n"
        "{\"t\": 1.0, \"ev\": \"held\", \"sem\": 1, \"value\": 0}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n";
    std::istringstream in(text);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunConfig c = file.runConfig("two");
    REQUIRE(c.primitives.size() == 2);
    CHECK(c.primitives[0].kind == "BoundedSemaphore");
    CHECK(c.primitives[0].size == 3);
    CHECK(c.primitives[0].line == 7);
    CHECK(c.primitives[1].kind == "Lock");
    CHECK(c.primitives[1].line == 0);  // not made in the program's own file
    CHECK(c.primitives[1].held.size() == 2);
    CHECK(c.primitivesApart() == 2);
    CHECK(c.primitives[0].what() == "BoundedSemaphore(3)");
    CHECK(c.primitives[1].what() == "Lock");
    CHECK(cs::PrimitiveInfo{"Condition", 1, 5, {}}.what() == "Condition");
    CHECK(cs::PrimitiveInfo{"Barrier", 1, 5, {}}.what() == "Barrier's lock");  // (its one permit: its lock)
    CHECK(c.permits.empty());  // (its one "permits" line had no finite time)
    const cs::RunModel m = cs::RunModel::of(file.store(), c);
    REQUIRE(m.primitiveHeld().size() == 2);
    CHECK(m.primitiveHeld()[0].valueAtTime(0.1) == 0);
    CHECK(m.primitiveHeld()[0].valueAtTime(0.3) == 1);
    CHECK(m.primitiveHeld()[0].valueAtTime(0.7) == 2);
    CHECK(m.primitiveHeld()[1].valueAtTime(0.7) == 1);
    CHECK(m.primitiveHeld()[1].valueAtTime(1.0) == 0);
    // Built while the file is read (the app's Open): the same.
    const fs::path path = tempFile("coroscope-primitives.jsonl", text);
    cs::TraceFile opened;
    REQUIRE(opened.load(path.string(), true));
    const cs::RunModel read = opened.takeModel("opened");
    CHECK(read.config().primitivesApart() == 2);
    CHECK(read.primitiveHeld()[0].valueAtTime(0.7) == 2);
    fs::remove(path);
    // Apart only when every one the program made is told apart, two to four.
    cs::RunConfig more = c;
    more.semaphoresMade = 3;
    CHECK(more.primitivesApart() == 0);
    cs::RunConfig unnamed = c;
    unnamed.primitives[1].kind.clear();  // held lines without its "primitive" line
    CHECK(unnamed.primitivesApart() == 0);
    cs::RunConfig five = c;
    five.primitives.resize(5, c.primitives[1]);
    five.semaphoresMade = 5;
    CHECK(five.primitivesApart() == 0);
    five.primitives.resize(4);
    five.semaphoresMade = 4;
    CHECK(five.primitivesApart() == 4);
    // A class's name past 80 bytes is cut, at the start of a UTF-8 character.
    const std::string longName = std::string(79, 'S') + "\xc3\xa9" + "maphore";  // 'é' straddles byte 80
    std::istringstream named("{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"" + longName +
                             "\", \"value\": 1}\n{\"t\": 0.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile cut;
    REQUIRE(cut.read(named));
    REQUIRE(cut.primitives().size() == 1);
    CHECK(cut.primitives()[0].kind == std::string(79, 'S'));
}

TEST_CASE("export: a traced program's Semaphore(0) used as a signal, its size as its signals open it") {
    // The tracer's "size" lines: a Semaphore(0) beside a Lock, opened by a
    // signal (1), used up by the consumer that took it (0), then two signals
    // at once. Each one's size in the model and the Chrome export; a line not
    // well formed is skipped; a primitive with no size line keeps its own.
    const std::string text =
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"Lock\", \"value\": 1, \"line\": 3}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"kind\": \"Semaphore\", \"value\": 0, \"line\": 4}\n"
        "{\"t\": 0.0, \"ev\": \"semaphores\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"sem\": 1, \"name\": \"a\"}\n"
        "{\"t\": 0.1, \"ev\": \"size\", \"sem\": 1, \"value\": 1}\n"
        "{\"t\": 0.1, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.1, \"ev\": \"held\", \"sem\": 1, \"value\": 1}\n"
        "{\"t\": 0.2, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.2, \"ev\": \"held\", \"sem\": 1, \"value\": 0}\n"
        "{\"t\": 0.2, \"ev\": \"size\", \"sem\": 1, \"value\": 0}\n"
        "{\"t\": 0.3, \"ev\": \"size\", \"sem\": 1, \"value\": -1}\n"  // negative: skipped
        "{\"t\": 0.5, \"ev\": \"size\", \"sem\": 1, \"value\": 2}\n"
        "{\"t\": 0.4, \"ev\": \"size\", \"sem\": 1, \"value\": 1}\n"  // out of order: sorted by time
        "{\"t\": 1e400, \"ev\": \"size\", \"sem\": 1, \"value\": 7}\n"  // no finite time: skipped
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n";
    std::istringstream in(text);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunConfig c = file.runConfig("signal");
    REQUIRE(c.primitives.size() == 2);
    CHECK(c.primitives[1].size == 0);  // (what it was made with: "Semaphore(0)")
    CHECK(c.primitives[1].what() == "Semaphore(0)");
    CHECK(c.primitives[1].sizes.size() == 4);
    CHECK(c.primitives[0].sizes.empty());
    const cs::RunModel m = cs::RunModel::of(file.store(), c);
    REQUIRE(m.primitiveSize().size() == 2);
    CHECK(m.primitiveSize()[0].valueAtTime(0.15) == 1);  // the Lock's own
    CHECK(m.primitiveSize()[1].valueAtTime(0.05) == 0);
    CHECK(m.primitiveSize()[1].valueAtTime(0.15) == 1);
    CHECK(m.primitiveSize()[1].valueAtTime(0.25) == 0);
    CHECK(m.primitiveSize()[1].valueAtTime(0.45) == 1);
    CHECK(m.primitiveSize()[1].valueAtTime(0.9) == 2);
    CHECK(m.primitiveHeld()[1].valueAtTime(0.15) == 1);  // 1 of 1, not 1 of 0
    std::ostringstream chrome;
    cs::ChromeTraceWriter::write(chrome, m);
    const auto j = nlohmann::json::parse(chrome.str());
    std::vector<std::pair<double, long long>> size;
    for (const auto& e : j["traceEvents"])
        if (e["ph"] == "C" && e["name"] == "size: #2 Semaphore(0), line 4")
            size.emplace_back(e["ts"].get<double>(), e["args"]["size"].get<long long>());
    CHECK(size == std::vector<std::pair<double, long long>>{{0.0, 0}, {1e5, 1}, {2e5, 0}, {4e5, 1}, {5e5, 2}});
}

TEST_CASE("export: which semaphore each wait of a traced program was for") {
    // A program with two semaphores: its requests name the one they ask
    // ("sem", the number of its "primitive" line). Task 1 takes #0 at once,
    // then waits for #1, which task 0 holds; task 2 waits for #0.
    const std::string text =
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"Semaphore\", \"value\": 2, \"line\": 3}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"kind\": \"Semaphore\", \"value\": 1, \"line\": 4}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"sem\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"sem\": 0, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"sem\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2, \"name\": \"c\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 2, \"sem\": 0, \"name\": \"c\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 3, \"name\": \"d\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 3, \"name\": \"d\"}\n"  // no "sem": not said
        "{\"t\": 1.0, \"ev\": \"release\", \"task\": 0, \"woke\": 1, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 2.0, \"ev\": \"release\", \"task\": 1, \"woke\": 2, \"name\": \"b\"}\n"
        "{\"t\": 2.0, \"ev\": \"done\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 2.0, \"ev\": \"running\", \"task\": 2, \"name\": \"c\"}\n"
        "{\"t\": 2.5, \"ev\": \"cancelled\", \"task\": 3, \"name\": \"d\"}\n"
        "{\"t\": 3.0, \"ev\": \"done\", \"task\": 2, \"name\": \"c\"}\n"
        "{\"t\": 3.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n";
    std::istringstream in(text);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("two"));
    using W = cs::RunModel::PermitWait;
    const auto same = [](const std::vector<W>& a, const std::vector<W>& b) {
        const auto eq = [](const W& x, const W& y) { return x.begin == y.begin && x.end == y.end && x.sem == y.sem; };
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), eq);
    };
    CHECK(same(m.permitWaits(0), {{0.0, 0.0, 0}}));                // took #0 at once
    CHECK(same(m.permitWaits(1), {{0.0, 0.0, 0}, {0.0, 1.0, 1}}));  // then waited for #1 until task 0 released it
    CHECK(same(m.permitWaits(2), {{0.0, 2.0, 0}}));
    CHECK(m.permitWaits(3).empty());  // its request did not say
    CHECK(m.waitingFor(1, 0.5) == 1);
    CHECK(m.waitingFor(1, 1.0) == -1);  // it runs from 1.0 on
    CHECK(m.waitingFor(2, 0.0) == 0);
    CHECK(m.waitingFor(2, 1.999) == 0);
    CHECK(m.waitingFor(2, 2.0) == -1);
    CHECK(m.waitingFor(0, 0.0) == -1);  // a permit taken at once is no wait
    CHECK(m.waitingFor(3, 1.0) == -1);
    CHECK(m.stateAt(3, 1.0) == cs::TaskState::Waiting);
    // Of the time since it first ran, how long it waited again.
    CHECK(m.waitedAgainAt(1, 0.5) == 0.5);
    CHECK(m.waitedAgainAt(1, 1.5) == 1.0);
    CHECK(m.ranAt(1, 1.5) == 1.5);
    CHECK(m.waitedAgainAt(2, 2.5) == 0.0);  // its one wait was its first
    CHECK(m.waitedAt(2, 2.5) == 2.0);
    // Written back as it was read (the engine's own requests name none).
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, file.store());
    CHECK(out.str().find("{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"sem\": 1}") != std::string::npos);
    CHECK(out.str().find("{\"t\": 0.0, \"ev\": \"request\", \"task\": 3}") != std::string::npos);
    // Built while the file is read (the app's Open): the same waits.
    const fs::path path = tempFile("coroscope-waits.jsonl", text);
    cs::TraceFile opened;
    REQUIRE(opened.load(path.string(), true));
    const cs::RunModel read = opened.takeModel("opened");
    CHECK(same(read.permitWaits(1), m.permitWaits(1)));
    fs::remove(path);
}

TEST_CASE("export: a traced program with several semaphores has no one limit") {
    // The Python tracer's trace of a semaphore made per task: the first
    // Semaphore's value is its "limit", the "semaphores" lines count the
    // others, and its permits (held in all of them) go past that limit.
    const std::string head =
        "{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 1}\n";
    const std::string second =
        "{\"t\": 0.0, \"ev\": \"semaphores\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 2}\n";
    const std::string tail =
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n";
    std::istringstream several(head + second + tail);
    cs::TraceFile file;
    REQUIRE(file.read(several));
    const cs::RunConfig c = file.runConfig("per task");
    CHECK(c.semaphoresMade == 2);
    const cs::RunModel m = cs::RunModel::of(file.store(), c);
    CHECK(m.limit().size() == 0);     // no limit of 1 under 2 permits held
    CHECK(m.permitsInUse().valueAtTime(0.5) == 2);
    // The model built while the file is read (the app's Open) learns of
    // the second semaphore only at its line: it is not kept then, even
    // without permits lines (semaphores made, never acquired).
    const fs::path path = tempFile("coroscope-several-semaphores.jsonl",
                                   "{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1}\n"
                                   "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
                                   "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0, \"name\": \"a\"}\n"
                                   "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
                                   "{\"t\": 0.5, \"ev\": \"semaphores\", \"value\": 2}\n" +
                                       tail);
    cs::TraceFile opened;
    REQUIRE(opened.load(path.string(), true));
    const cs::RunModel read = opened.takeModel("opened");
    CHECK(read.config().semaphoresMade == 2);
    CHECK(read.limit().size() == 0);
    fs::remove(path);
    // One semaphore: its limit stands.
    std::istringstream one(head + tail);
    cs::TraceFile single;
    REQUIRE(single.read(one));
    CHECK(single.runConfig("one").semaphoresMade == 0);
    const cs::RunModel m1 = cs::RunModel::of(single.store(), single.runConfig("one"));
    REQUIRE(m1.limit().size() == 1);
    CHECK(m1.limit().last() == 1);
}

TEST_CASE("export: an engine run's trace cut before main() received anything still records main()'s collector") {
    // The engine's own trace of a bundled scenario, cut before its first
    // result line (a run killed early, a stream cut off).
    const cs::LoadResult r = cs::loadScenarioFile(
        (fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / "01-semaphore-limits-ten-downloads.json").string());
    REQUIRE(r.ok());
    const cs::Scenario& s = *r.scenario;
    std::ostringstream whole;
    cs::JsonlWriter::writeAll(whole, run(s));
    const std::string text = whole.str();
    const std::size_t first = text.find("\"ev\": \"result\"");
    REQUIRE(first != std::string::npos);
    std::istringstream cut(text.substr(0, text.rfind('\n', first) + 1));
    cs::TraceFile file;
    REQUIRE(file.read(cut));
    REQUIRE(file.partial());
    REQUIRE(file.laneCount() == s.tasks.size());
    // It names no task: an engine run's, whose main() awaits its collector
    // from the start and had received nothing yet.
    CHECK(file.runConfig("cut").collectorRecorded);
    const cs::RunModel model = file.takeModel("cut");
    CHECK(model.callerRecorded());
    CHECK(model.results().empty());
}

TEST_CASE("export: a bad trace line is reported with its number, earlier events kept") {
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\nnot json\n");
    cs::TraceFile file;
    CHECK_FALSE(file.read(text));
    REQUIRE(file.error());
    CHECK(file.error()->what() == "line 2: not valid JSON");
    CHECK(file.store().size() == 1);
}

TEST_CASE("export: a run model built while its trace is read equals the one built from the store after") {
    // Every output of both models, on the CPython-made spec examples, the odd
    // but true test traces (sparse ids, a parent, names, a partial run) and a
    // trace big enough to be read on two threads.
    std::vector<fs::path> files;
    for (const fs::path& dir : {fs::path(COROSCOPE_SOURCE_DIR) / ".." / "shared" / "spec" / "examples",
                               fs::path(COROSCOPE_TEST_DATA_DIR) / "traces" / "good"})
        if (fs::is_directory(dir))
            for (const auto& e : fs::directory_iterator(dir))
                if (e.path().extension() == ".jsonl") files.push_back(e.path());
    const cs::LoadResult big = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 60000, "seed": 5, "steps": [{"io": {"dist": "uniform", "min": 0.1, "max": 0.9}}]},
        "limit": {"kind": "semaphore", "value": 300}})");
    REQUIRE(big.ok());
    const fs::path bigPath = fs::temp_directory_path() / "coroscope-followed-model.jsonl";
    {
        std::ofstream out(bigPath);
        cs::JsonlWriter::writeAll(out, run(*big.scenario));
    }
    REQUIRE(fs::file_size(bigPath) > 2 * cs::TraceReader::kChunkBytes);
    files.push_back(bigPath);
    REQUIRE(files.size() > 5);
    const auto outputs = [](const cs::RunModel& m) {
        std::ostringstream s;
        cs::CsvWriter::writeTasks(s, m);
        cs::CsvWriter::writeMetrics(s, m);
        cs::ChromeTraceWriter::write(s, m);
        s << cs::RunSummary::json(m).dump() << cs::RunSummary::metricsJson(m).dump();
        return s.str();
    };
    // What a Tables model writes: the CSV tables and the whole-run metrics.
    const auto tables = [](const cs::RunModel& m) {
        std::ostringstream s;
        cs::CsvWriter::writeTasks(s, m);
        cs::CsvWriter::writeMetrics(s, m);
        s << cs::RunSummary::json(m).dump() << cs::RunSummary::metricsJson(m).dump();
        return s.str();
    };
    for (const fs::path& f : files) {
        INFO(f.filename().string());
        cs::TraceFile built, followed;
        REQUIRE(built.load(f.string()) == followed.load(f.string(), true));
        const std::string title = f.filename().string();
        const cs::RunModel fromStore = cs::RunModel::of(built.store(), built.runConfig(title));
        CHECK(outputs(followed.takeModel(title)) == outputs(fromStore));
        // The model alone, events not kept (export without pictures): the
        // same model, in either mode, whether it was built during the read
        // or (lanes renumbered, counting rules of a recorded program) after
        // a second read that keeps the events.
        cs::TraceFile alone, aloneTables;
        REQUIRE(alone.loadModel(f.string(), cs::RunModel::Mode::Full));
        REQUIRE(aloneTables.loadModel(f.string(), cs::RunModel::Mode::Tables));
        CHECK(alone.store().maxTask() == built.store().maxTask());
        CHECK(alone.store().taskIds() == built.store().taskIds());
        CHECK(alone.runConfig(title).tasks == built.runConfig(title).tasks);
        CHECK(outputs(alone.takeModel(title)) == outputs(fromStore));
        const cs::RunModel t = aloneTables.takeModel(title);
        CHECK(t.mode() == cs::RunModel::Mode::Tables);
        CHECK(tables(t) == tables(fromStore));
    }
    fs::remove(bigPath);
}

TEST_CASE("export: an engine run's trace file, its limiter line first, opens as the run: tracks, limit, outputs") {
    // Only the scenario knew its limit and collector: an engine run's trace
    // opened as a file drew "In flight" with no limit line for every limit
    // but rate, where the run shows a semaphore's permits in use against its
    // size, and its header could not say the limit. Its "limiter" line
    // (first, as coroscope-cli run --trace writes it) tells both: the
    // file's run config, series and outputs are the run's, for every spec
    // example (every limit and collector kind the spec's examples have) and
    // a resized semaphore and an adaptive limit of our own.
    std::vector<cs::Scenario> scenarios;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(COROSCOPE_SOURCE_DIR) / ".." / "shared" / "spec" / "examples"))
        if (e.path().extension() == ".json") {
            cs::LoadResult r = cs::loadScenarioFile(e.path().string());
            REQUIRE(r.ok());
            scenarios.push_back(std::move(*r.scenario));
            names.push_back(e.path().filename().string());
        }
    REQUIRE(scenarios.size() >= 20);
    for (const char* text : {
             R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.5}]},
                 {"steps": [{"io": 0.7}]}, {"steps": [{"io": 0.2}]}],
                 "limit": {"kind": "semaphore", "value": 1, "schedule": [{"at": 0.3, "value": 3}]},
                 "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED", "timeout": 2.5}})",
             R"({"format": "coroscope-scenario/1", "generate": {"count": 30, "seed": 3,
                 "steps": [{"io": {"dist": "uniform", "min": 0.2, "max": 1.4}}]},
                 "limit": {"kind": "adaptive", "initial": 2, "min": 1, "max": 6, "latency_target": 0.8},
                 "collect": {"kind": "as_completed"}})"}) {
        cs::LoadResult r = cs::parseScenario(text);
        REQUIRE(r.ok());
        scenarios.push_back(std::move(*r.scenario));
        names.push_back(scenarios.back().limit.kind == cs::LimitKind::Adaptive ? "adaptive" : "resized semaphore");
    }
    std::set<cs::LimitKind> kinds;
    int pooled = 0;  // runs whose tasks used a thread pool
    const auto points = [](const cs::StepSeries& v) {
        std::vector<std::pair<double, std::int64_t>> out;
        for (std::size_t k = 0; k < v.size(); ++k) out.emplace_back(v.timeAt(k), v.valueAt(k));
        return out;
    };
    const auto outputs = [](const cs::RunModel& m) {
        std::ostringstream s;
        cs::CsvWriter::writeTasks(s, m);
        cs::CsvWriter::writeMetrics(s, m);
        s << cs::RunSummary::metricsJson(m).dump();
        return s.str();
    };
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const cs::Scenario& s = scenarios[i];
        INFO(names[i]);
        kinds.insert(s.limit.kind);
        const cs::TraceStore store = run(s);
        const cs::RunModel ran = cs::RunModel::of(store, cs::RunConfig::forScenario(s));
        std::stringstream text;
        text << cs::limiterLine(cs::limiterOf(s)) << '\n';
        cs::JsonlWriter::writeAll(text, store);
        cs::TraceFile file;
        REQUIRE(file.read(text));
        const cs::RunModel opened = file.takeModel(names[i]);
        REQUIRE(opened.config().limiter);
        CHECK(*opened.config().limiter == cs::limiterOf(s));  // with its pools' sizes (the header's)
        pooled += opened.config().limiter->threadWorkers > 0;
        CHECK(opened.config().countsPermits() == ran.config().countsPermits());  // the first track's name
        CHECK(opened.config().semaphorePermits == ran.config().semaphorePermits);
        CHECK(opened.config().ratePermits == ran.config().ratePermits);
        CHECK(opened.config().initialLimit == ran.config().initialLimit);
        CHECK(points(opened.permitsInUse()) == points(ran.permitsInUse()));
        CHECK(points(opened.limit()) == points(ran.limit()));  // the limit line
        CHECK(outputs(opened) == outputs(ran));
    }
    // Most limit kinds (those the examples use, and adaptive).
    CHECK(kinds.count(cs::LimitKind::Semaphore));
    CHECK(kinds.count(cs::LimitKind::Adaptive));
    CHECK(kinds.size() >= 6);
    CHECK(pooled >= 1);  // example 12's thread pool of 2
}

TEST_CASE("export: a trace read for its model alone keeps no events unless it must read them again") {
    const fs::path dir = fs::path(COROSCOPE_TEST_DATA_DIR) / "traces" / "good";
    // An engine-like trace (ids 0..n-1, no names): the model is built during the read.
    const fs::path plain = tempFile("coroscope-model-alone.jsonl",
                                    "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
                                    "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0}\n"
                                    "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0}\n"
                                    "{\"t\": 0.5, \"ev\": \"done\", \"task\": 0}\n"
                                    "{\"t\": 0.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.loadModel(plain.string(), cs::RunModel::Mode::Tables));
    CHECK(file.store().size() == 0);
    CHECK(file.store().maxTask() == 0);
    const cs::RunModel m = file.takeModel("plain");
    CHECK(m.taskCount() == 1);
    CHECK(m.task(0).end == 0.5);
    fs::remove(plain);
    // Among the test traces, those whose lanes are renumbered after the read
    // (sparse ids out of order, a helper under its parent): read again, events kept.
    std::vector<fs::path> reread;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".jsonl") continue;
        cs::TraceFile f;
        REQUIRE(f.loadModel(e.path().string(), cs::RunModel::Mode::Full));
        if (f.store().size() > 0) reread.push_back(e.path());
    }
    CHECK_FALSE(reread.empty());
    // A bad line stops the read with its number, as load() does.
    const fs::path bad =
        tempFile("coroscope-model-alone-bad.jsonl", "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\nnot json\n");
    cs::TraceFile badFile;
    CHECK_FALSE(badFile.loadModel(bad.string(), cs::RunModel::Mode::Tables));
    REQUIRE(badFile.error());
    CHECK(badFile.error()->what() == "line 2: not valid JSON");
    fs::remove(bad);
    // An engine run's trace begins with its limiter line: the model built
    // during the read counts the run's permits from the first event, so it
    // is the one kept (it was built again after the read, the events kept
    // and the whole run modelled twice: the app's Open of a million tasks
    // peaked at 450 MiB instead of 310).
    const fs::path told = tempFile("coroscope-model-alone-limiter.jsonl",
                                   "{\"t\": 0.0, \"ev\": \"limiter\", \"limit\": {\"kind\": \"semaphore\", "
                                   "\"value\": 1}, \"collect\": {\"kind\": \"gather\"}}\n"
                                   "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
                                   "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0}\n"
                                   "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0}\n"
                                   "{\"t\": 0.5, \"ev\": \"release\", \"task\": 0, \"woke\": -1}\n"
                                   "{\"t\": 0.5, \"ev\": \"done\", \"task\": 0}\n"
                                   "{\"t\": 0.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    for (const cs::RunModel::Mode mode : {cs::RunModel::Mode::Tables, cs::RunModel::Mode::Full}) {
        cs::TraceFile f;
        REQUIRE(f.loadModel(told.string(), mode));
        CHECK(f.store().size() == 0);  // not read again
        const cs::RunModel m = f.takeModel("told");
        CHECK(m.config().semaphorePermits);
        CHECK(m.config().initialLimit == 1);
        if (mode == cs::RunModel::Mode::Full) CHECK(m.permitsInUse().valueAtTime(0.25) == 1);
    }
    fs::remove(told);
}

TEST_CASE("export: what a scenario's run config says its run cannot have, the engine's run of it has not") {
    // The timeline's key leaves out the states a run cannot have
    // (RunConfig::threadSteps, processSteps, poolWaits, cpuSteps, frozen, handOvers, arrivals, permitWaits;
    // queuedJobs adds the queue's entry): checked against the
    // engine on every bundled scenario, and on each under every limit kind
    // that needs no field of its own beyond what the scenario has.
    std::size_t checked = 0, without = 0, withoutWaits = 0, withoutArrivals = 0, withPoolWaits = 0, withJobsLeft = 0;
    for (const auto& f : bundledScenarios()) {
        const cs::LoadResult r = cs::loadScenarioFile(f.string());
        REQUIRE(r.ok());
        std::vector<cs::Scenario> variants{*r.scenario};
        for (const cs::LimitKind k : {cs::LimitKind::None, cs::LimitKind::Semaphore, cs::LimitKind::SemaphorePerTask}) {
            cs::Scenario v = *r.scenario;
            v.limit.kind = k;
            v.limit.schedule.clear();
            if (v.limit.value < 1) v.limit.value = 2;
            if (!cs::limitKindInfo(k).takesReleaseFlags)
                for (cs::TaskSpec& t : v.tasks) t.forgetRelease = t.releaseTwice = false;  // refused at load
            variants.push_back(std::move(v));
        }
        for (const cs::Scenario& s : variants) {
            INFO(f.filename().string() << " under " << cs::limitKindInfo(s.limit.kind).name);
            const cs::RunConfig c = cs::RunConfig::forScenario(s);
            const cs::TraceStore store = run(s);
            bool pool = false, processPool = false, poolQueue = false, cpu = false, frozen = false, handOver = false, queued = false;
            for (std::size_t i = 0; i < store.size(); ++i) {
                const cs::TraceEvent e = store.at(i);
                pool |= e.kind == cs::EvKind::ThreadBegin;
                processPool |= e.kind == cs::EvKind::ThreadBegin && e.arg == 1;
                poolQueue |= e.kind == cs::EvKind::ThreadQueued;
                cpu |= e.kind == cs::EvKind::CpuBegin;
                frozen |= e.kind == cs::EvKind::Ready;
                handOver |= e.kind == cs::EvKind::Release && e.arg >= 0;
                queued |= e.kind == cs::EvKind::Enqueue;
            }
            CHECK(queued == c.canHave.queuedJobs);
            if (!c.canHave.poolSteps()) CHECK_FALSE(pool);
            if (!c.canHave.processSteps) CHECK_FALSE(processPool);
            if (!c.canHave.threadSteps) CHECK_FALSE((pool && !processPool));
            if (!c.canHave.poolWaits) CHECK_FALSE(poolQueue);
            if (!c.canHave.cpuSteps) CHECK_FALSE(cpu);
            if (!c.canHave.frozen) CHECK_FALSE(frozen);
            if (!c.canHave.handOvers) CHECK_FALSE(handOver);
            // The states as the timeline draws them: the run model's
            // segments (zero-length ones dropped).
            const cs::RunModel model = cs::RunModel::of(store, c);
            bool arriving = false, waiting = false, poolWait = false;
            for (std::size_t i = 0; i < model.taskCount(); ++i)
                for (const cs::Segment& seg : model.segments(i)) {
                    arriving |= seg.state == cs::TaskState::Arriving;
                    waiting |= seg.state == cs::TaskState::Waiting;
                    poolWait |= seg.state == cs::TaskState::PoolWait;
                }
            // The engine writes thread_queued only for a job that waits.
            CHECK(poolWait == poolQueue);
            if (!c.canHave.jobsLeftRunning) CHECK(model.jobsLeftRunning().empty());
            withJobsLeft += !model.jobsLeftRunning().empty();
            withPoolWaits += poolWait;
            if (!c.canHave.arrivals) CHECK_FALSE(arriving);
            if (!c.canHave.permitWaits) CHECK_FALSE(waiting);
            // And each "can" is a real one somewhere (the rule is not just "always").
            without += !c.canHave.poolSteps() + !c.canHave.cpuSteps + !c.canHave.handOvers + !c.canHave.arrivals + !c.canHave.permitWaits;
            withoutWaits += !c.canHave.permitWaits;
            withoutArrivals += !c.canHave.arrivals;
            ++checked;
        }
    }
    CHECK(checked > 40);
    CHECK(without > 10);
    CHECK(withoutWaits > 10);
    CHECK(withoutArrivals > 10);
    CHECK(withPoolWaits > 0);  // (12-to-thread-pool: more jobs than threads)
    INFO("scenarios whose run left a pool job running: " << withJobsLeft);
}
