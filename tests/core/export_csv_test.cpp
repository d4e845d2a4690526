// CSV tables: one row per task with consistent times, and the metric series.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/trace_file.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/py_float.h"
#include "trace/trace_store.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> rowsOf(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}

cs::TraceStore runFile(const char* name, cs::Scenario& s) {
    const cs::LoadResult r =
        cs::loadScenarioFile((fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / name).string());
    REQUIRE(r.ok());
    s = *r.scenario;
    cs::TraceStore store;
    cs::Simulation sim(s, store);
    sim.run();
    return store;
}

}  // namespace

TEST_CASE("export csv: one row per task, waits and run times add up") {
    cs::Scenario s;
    const cs::TraceStore store = runFile("01-semaphore-limits-ten-downloads.json", s);
    std::stringstream out;
    cs::CsvWriter::writeTasks(out, cs::RunModel::of(store, cs::RunConfig::forScenario(s)));
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() == s.tasks.size() + 1);
    CHECK(out.str().rfind("id,state,created,request,running,end,waited_s,ran_s,total_s,outcome\n", 0) == 0);
    int waited = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        REQUIRE(r.size() == 10);
        CHECK(r[0] == std::to_string(i - 1));
        CHECK(r[1] == "done");
        CHECK(r[9] == "ok");
        const double created = std::stod(r[2]), request = std::stod(r[3]), running = std::stod(r[4]),
                     end = std::stod(r[5]), w = std::stod(r[6]), ran = std::stod(r[7]), total = std::stod(r[8]);
        CHECK(w == Approx(running - request));
        CHECK(ran == Approx(end - running));
        CHECK(total == Approx(end - created));
        if (w > 0) ++waited;
    }
    CHECK(waited == static_cast<int>(s.tasks.size() - s.limit.value));
}

TEST_CASE("export csv: metrics rows are in time order and agree with the summary") {
    cs::Scenario s;
    const cs::TraceStore store = runFile("01-semaphore-limits-ten-downloads.json", s);
    std::stringstream out;
    const cs::RunModel model = cs::RunModel::of(store, cs::RunConfig::forScenario(s));
    cs::CsvWriter::writeMetrics(out, model);
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() > 2);
    CHECK(out.str().rfind("t,in_flight,waiting,permits_in_use,completed\n", 0) == 0);
    const cs::RunMetrics sum = model.metrics();
    double last = -1;
    long long peakFlight = 0, peakWaiting = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 5);
        const double t = std::stod(rows[i][0]);
        CHECK(t > last);
        last = t;
        CHECK(std::stoll(rows[i][3]) <= s.limit.value);
        peakFlight = std::max(peakFlight, std::stoll(rows[i][1]));
        peakWaiting = std::max(peakWaiting, std::stoll(rows[i][2]));
    }
    CHECK(peakFlight == static_cast<long long>(sum.peakInFlight));
    CHECK(peakWaiting == static_cast<long long>(sum.peakWaiting));
    CHECK(std::stoll(rows.back()[4]) == static_cast<long long>(s.tasks.size()));
    CHECK(std::stoll(rows.back()[1]) == 0);
    CHECK(std::stoll(rows.back()[2]) == 0);
}

TEST_CASE("export csv: failed and cancelled tasks say why; unfinished ones where they are") {
    const cs::LoadResult r = cs::parseScenario(R"({
        "format": "coroscope-scenario/1",
        "tasks": [
          {"steps": [{"io": 1.0}]},
          {"steps": [{"io": 0.5}, {"raise": "ValueError"}]},
          {"steps": [{"io": 3.0}], "timeout": 2.0}
        ],
        "limit": {"kind": "semaphore", "value": 1},
        "collect": {"kind": "gather", "return_exceptions": true}
    })");
    REQUIRE(r.ok());
    cs::TraceStore store;
    cs::Simulation sim(*r.scenario, store);
    sim.run();
    std::stringstream out;
    cs::CsvWriter::writeTasks(out, cs::RunModel::of(store, cs::RunConfig::forScenario(*r.scenario)));
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][1] == "done");
    CHECK(rows[2][1] == "failed");
    CHECK(rows[2][9] == "ValueError");
    CHECK(rows[3][1] == "cancelled");
    CHECK(rows[3][9] == "cancelled");

    cs::TraceStore partial;
    cs::Simulation sim2(*r.scenario, partial);
    sim2.runUntil(0.2);
    std::stringstream out2;
    cs::CsvWriter::writeTasks(out2, cs::RunModel::of(partial, cs::RunConfig::forScenario(*r.scenario)));
    const auto rows2 = rowsOf(out2.str());
    REQUIRE(rows2.size() == 4);
    CHECK(rows2[1][1] == "running");
    CHECK(rows2[2][1] == "waiting");
    CHECK(rows2[2][5].empty());  // no end yet
    CHECK(rows2[2][9].empty());
}

TEST_CASE("export csv: measured permits win over counted ones; metrics path next to the tasks") {
    cs::Scenario s;
    const cs::TraceStore store = runFile("01-semaphore-limits-ten-downloads.json", s);
    cs::RunConfig opt;
    opt.permits = {{0.0, 5}, {100.0, 1}};
    std::stringstream out;
    cs::CsvWriter::writeMetrics(out, cs::RunModel::of(store, opt));
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() > 2);
    CHECK(rows[1][3] == "5");
    CHECK(rows.back()[0] == "100.0");
    CHECK(rows.back()[3] == "1");

    CHECK(cs::CsvWriter::metricsPathFor("out/run.csv") == "out/run-metrics.csv");
    CHECK(cs::CsvWriter::metricsPathFor("run") == "run-metrics.csv");
    CHECK(cs::CsvWriter::metricsPathFor("a.b/run") == "a.b/run-metrics.csv");
}

TEST_CASE("export csv: a run with no semaphore's permits to count leaves permits_in_use empty") {
    // The same run read as a trace, whose config does not say a semaphore
    // made its tasks wait (the timeline's lane says "In flight" then), and
    // with no limit at all: the column is empty, not a copy of in_flight.
    cs::Scenario s;
    const cs::TraceStore store = runFile("01-semaphore-limits-ten-downloads.json", s);
    for (const cs::RunConfig& config : {cs::RunConfig{}, cs::RunConfig::forScenario(s)}) {
        std::stringstream out;
        const cs::RunModel model = cs::RunModel::of(store, config);
        cs::CsvWriter::writeMetrics(out, model);
        const auto rows = rowsOf(out.str());
        REQUIRE(rows.size() > 2);
        for (std::size_t i = 1; i < rows.size(); ++i) {
            REQUIRE(rows[i].size() == 5);
            CHECK(rows[i][3].empty() == !config.countsPermits());
        }
    }
    CHECK_FALSE(cs::RunConfig{}.countsPermits());  // (both cases above)
    CHECK(cs::RunConfig::forScenario(s).countsPermits());
}

TEST_CASE("export csv: a table of many blocks (formatted two at a time) has every row once, in id order") {
    // Three blocks of 32,768 rows and part of a fourth.
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 100000, "seed": 3, "steps": [{"io": {"dist": "uniform", "min": 0.1, "max": 0.9}}]},
        "limit": {"kind": "semaphore", "value": 1000}})");
    REQUIRE(r.ok());
    const cs::Scenario& s = *r.scenario;
    cs::TraceStore store;
    cs::Simulation sim(s, store);
    sim.run();
    std::stringstream out;
    const cs::RunModel model = cs::RunModel::of(store, cs::RunConfig::forScenario(s));
    cs::CsvWriter::writeTasks(out, model);
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() == s.tasks.size() + 1);
    bool inOrder = true;
    for (std::size_t i = 1; i < rows.size(); ++i) inOrder = inOrder && rows[i][0] == std::to_string(i - 1);
    CHECK(inOrder);
    // Row 50,000 (in the second block of a pair) says what the model says.
    CHECK(rows[50001][5] == cs::PyFloat::repr(model.task(50000).end));
}

TEST_CASE("export csv: a Queue's run says when each job was put and how long it waited for a worker") {
    // Its latency (spec section 5) starts when a worker takes the job:
    // the wait before is in the queue. Runs without a queue have no such columns.
    cs::Scenario s;
    const cs::TraceStore store = runFile("13-queue-workers.json", s);
    REQUIRE(s.limit.kind == cs::LimitKind::Queue);
    std::stringstream out;
    cs::CsvWriter::writeTasks(out, cs::RunModel::of(store, cs::RunConfig::forScenario(s), cs::RunModel::Mode::Tables));
    const auto rows = rowsOf(out.str());
    REQUIRE(rows.size() == s.tasks.size() + 1);
    REQUIRE(rows[0].size() == 12);
    CHECK(rows[0][10] == "enqueued");
    CHECK(rows[0][11] == "queued_s");
    std::size_t waited = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 12);
        const double created = std::stod(rows[i][2]), put = std::stod(rows[i][10]), queued = std::stod(rows[i][11]);
        CHECK(put <= created);
        CHECK(queued == Approx(created - put).margin(1e-9));
        if (queued > 0) ++waited;
    }
    CHECK(waited > 0);  // more jobs than workers: some waited in the queue
    cs::Scenario plain;
    const cs::TraceStore other = runFile("01-semaphore-limits-ten-downloads.json", plain);
    std::stringstream none;
    cs::CsvWriter::writeTasks(none, cs::RunModel::of(other, cs::RunConfig::forScenario(plain)));
    CHECK(rowsOf(none.str())[0].size() == 10);
}

TEST_CASE("export csv: a task that waited for a permit again says how long, in both table modes") {
    // A global Semaphore(2) and a per-host Semaphore(1) inside it: task 1
    // takes the global permit at once, then waits 0.3 s for the host's.
    // request -> running (waited_s) leaves that out: 0, while the timeline
    // draws it waiting until 0.3.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual", "acquires": true}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "name": "b"}
{"t": 0.0, "ev": "running", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "name": "b"}
{"t": 0.3, "ev": "release", "task": 0, "woke": 1, "name": "a"}
{"t": 0.3, "ev": "running", "task": 1, "name": "b"}
{"t": 0.3, "ev": "done", "task": 0, "name": "a"}
{"t": 0.6, "ev": "done", "task": 1, "name": "b"}
{"t": 0.6, "ev": "end", "outcome": "ok"}
)";
    std::istringstream in(trace);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    for (const auto mode : {cs::RunModel::Mode::Full, cs::RunModel::Mode::Tables}) {
        std::stringstream out;
        cs::CsvWriter::writeTasks(out, cs::RunModel::of(file.store(), file.runConfig("p.py"), mode));
        const auto rows = rowsOf(out.str());
        REQUIRE(rows.size() == 3);
        REQUIRE(rows[0].size() == 11);
        CHECK(rows[0][10] == "waited_again_s");
        CHECK(rows[1][10] == "0.0");  // a
        CHECK(rows[2][6] == "0.0");   // b: its first wait
        CHECK(rows[2][10] == "0.3");  // and the one for the host's permit
    }
    // No such wait: no such column (the tables of every other run).
    cs::Scenario plain;
    const cs::TraceStore other = runFile("01-semaphore-limits-ten-downloads.json", plain);
    std::stringstream none;
    cs::CsvWriter::writeTasks(none, cs::RunModel::of(other, cs::RunConfig::forScenario(plain)));
    CHECK(rowsOf(none.str())[0].size() == 10);
}
