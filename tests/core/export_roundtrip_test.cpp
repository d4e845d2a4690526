// Files in and out: a scenario saved and opened again is the same scenario
// (live resizes included), and a trace written as JSON lines and read back
// (as the app's Open does, through TraceFile) keeps every event.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "export/trace_file.h"
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
    fs::remove_all(dir);
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
    CHECK(stub.title == "demo");
}

TEST_CASE("export: a bad trace line is reported with its number, earlier events kept") {
    std::istringstream text("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\nnot json\n");
    cs::TraceFile file;
    CHECK_FALSE(file.read(text));
    REQUIRE(file.error());
    CHECK(file.error()->what() == "line 2: not valid JSON");
    CHECK(file.store().size() == 1);
}
