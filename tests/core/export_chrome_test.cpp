// The Chrome Trace Event / Perfetto export parses as JSON and every track is
// well formed: complete slices with dur >= 0 in time order per track,
// balanced B/E if any, flows whose start and end share an id.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "export/chrome_trace_writer.h"
#include "export/csv_writer.h"
#include "export/trace_file.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/trace_store.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Exported {
    cs::Scenario scenario;
    cs::TraceStore store;
    json doc;
};

Exported exportScenario(const std::string& name) {
    Exported x;
    const cs::LoadResult r =
        cs::loadScenarioFile((fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / name).string());
    REQUIRE(r.ok());
    x.scenario = *r.scenario;
    cs::Simulation sim(x.scenario, x.store);
    sim.run();
    std::stringstream out;
    cs::ChromeTraceWriter::write(out, cs::RunModel::of(x.store, cs::RunConfig::forScenario(x.scenario)));
    x.doc = json::parse(out.str());  // throws (fails the test) when not JSON
    return x;
}

// Checks the structure every viewer relies on; returns the number of
// non-metadata events per (pid, tid) track.
std::map<std::pair<int, int>, int> checkWellFormed(const json& doc) {
    REQUIRE(doc.is_object());
    REQUIRE(doc.contains("traceEvents"));
    const json& evs = doc["traceEvents"];
    REQUIRE(evs.is_array());
    std::map<std::pair<int, int>, double> lastTs;
    std::map<std::pair<int, int>, int> depth, count;
    std::map<std::string, double> counterTs;
    std::map<long long, int> flowStarts, flowEnds;
    for (const json& e : evs) {
        REQUIRE(e.contains("ph"));
        const std::string ph = e["ph"];
        REQUIRE(e.contains("name"));
        if (ph == "M") continue;
        REQUIRE(e["ts"].is_number());
        const double ts = e["ts"];
        CHECK(ts >= 0);
        if (ph == "C") {
            const std::string name = e["name"];
            if (counterTs.count(name)) CHECK(ts >= counterTs[name]);
            counterTs[name] = ts;
            CHECK(e["args"].is_object());
            continue;
        }
        const std::pair<int, int> track{e["pid"].get<int>(), e["tid"].get<int>()};
        if (lastTs.count(track)) CHECK(ts >= lastTs[track]);  // monotonic per track
        lastTs[track] = ts;
        ++count[track];
        if (ph == "X") {
            REQUIRE(e["dur"].is_number());
            CHECK(e["dur"].get<double>() >= 0);
        } else if (ph == "B") {
            ++depth[track];
        } else if (ph == "E") {
            CHECK(--depth[track] >= 0);
        } else if (ph == "s") {
            ++flowStarts[e["id"].get<long long>()];
        } else if (ph == "f") {
            CHECK(e["bp"] == "e");
            ++flowEnds[e["id"].get<long long>()];
        } else {
            CHECK(ph == "i");
        }
    }
    for (const auto& [track, d] : depth) CHECK(d == 0);
    CHECK(flowStarts == flowEnds);
    for (const auto& [id, n] : flowStarts) CHECK(n == 1);
    return count;
}

// The Chrome/Perfetto JSON the writer makes of `model`, checked well formed.
json chromeOf(const cs::RunModel& model) {
    std::stringstream out;
    cs::ChromeTraceWriter::write(out, model);
    json doc = json::parse(out.str());  // throws (fails the test) when not JSON
    checkWellFormed(doc);
    return doc;
}

std::set<std::string> names(const json& doc, const std::string& ph) {
    std::set<std::string> out;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == ph) out.insert(e["name"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("export chrome: a semaphore run gives one well-formed track per task, counters and flows") {
    const Exported x = exportScenario("01-semaphore-limits-ten-downloads.json");
    const auto count = checkWellFormed(x.doc);
    const std::size_t tasks = x.scenario.tasks.size();
    // main() plus one track per task, each with slices.
    CHECK(count.size() == tasks + 1);
    for (std::size_t i = 0; i < tasks; ++i) CHECK(count.count({1, static_cast<int>(i) + 2}) == 1);

    const auto slices = names(x.doc, "X");
    CHECK(slices.count("waiting"));
    CHECK(slices.count("running"));
    CHECK(slices.count("release"));
    CHECK(slices.count("asyncio.run"));
    const auto counters = names(x.doc, "C");
    for (const char* c : {"permits in use", "waiting", "in flight", "completed", "throughput (done/s)", "limit"})
        CHECK(counters.count(c));

    // Permits never exceed the limit; a flow per hand-over.
    const auto limit = x.scenario.limit.value;
    int flows = 0;
    for (const json& e : x.doc["traceEvents"]) {
        if (e["ph"] == "C" && e["name"] == "permits in use") CHECK(e["args"]["permits"].get<long long>() <= limit);
        if (e["ph"] == "s") ++flows;
    }
    CHECK(flows == static_cast<int>(tasks) - static_cast<int>(limit));
    CHECK(x.doc["otherData"]["outcome"] == "ok");
}

TEST_CASE("export chrome: every bundled scenario exports well formed") {
    for (const auto& e : fs::directory_iterator(fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios")) {
        if (e.path().extension() != ".json") continue;
        INFO(e.path().filename().string());
        const Exported x = exportScenario(e.path().filename().string());
        checkWellFormed(x.doc);
    }
}

TEST_CASE("export chrome: thread and cpu steps are slices of their own; failures carry the exception") {
    const cs::LoadResult r = cs::parseScenario(R"({
        "format": "coroscope-scenario/1",
        "tasks": [
          {"steps": [{"thread": 0.5}, {"io": 0.1}]},
          {"steps": [{"cpu": 0.2}, {"raise": "ValueError"}]},
          {"steps": [{"io": 0.1}], "arrive": 0.3}
        ],
        "limit": {"kind": "semaphore", "value": 2},
        "collect": {"kind": "gather", "return_exceptions": true}
    })");
    REQUIRE(r.ok());
    cs::TraceStore store;
    cs::Simulation sim(*r.scenario, store);
    sim.run();
    cs::RunConfig opt = cs::RunConfig::forScenario(*r.scenario);
    opt.names = {"download \"a\"", "", "late"};
    const json doc = chromeOf(cs::RunModel::of(store, opt));
    const auto slices = names(doc, "X");
    CHECK(slices.count("thread"));
    CHECK(slices.count("cpu"));
    CHECK(slices.count("arriving"));
    bool failed = false;
    std::set<std::string> threads;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] == "i" && e["name"] == "failed") {
            failed = true;
            CHECK(e["args"]["outcome"] == "ValueError");
        }
        if (e["ph"] == "M" && e["name"] == "thread_name") threads.insert(e["args"]["name"].get<std::string>());
    }
    CHECK(failed);
    CHECK(threads.count("task 0 · download \"a\""));
    CHECK(threads.count("task 1"));
    CHECK(threads.count("task 2 · late"));
}

TEST_CASE("export chrome: a thread job that outlives its cancelled task is a slice after the task's end") {
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"thread": 1.0}], "timeout": 0.25}, {"steps": [{"io": 0.5}, {"thread": 0.5}]}],
        "executor": {"max_workers": 1}, "collect": {"kind": "gather", "return_exceptions": true}})");
    REQUIRE(r.ok());
    cs::TraceStore store;
    cs::Simulation sim(*r.scenario, store);
    sim.run();
    const json doc = chromeOf(cs::RunModel::of(store, cs::RunConfig::forScenario(*r.scenario)));
    int found = 0;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "X" && e["name"] == "thread job after the task ended") {
            ++found;
            CHECK(e["ts"].get<double>() == Approx(250000.0));   // task 0 cancelled by its timeout
            CHECK(e["dur"].get<double>() == Approx(750000.0));  // its thread slept on until 1.0 s
        }
    CHECK(found == 1);
}

TEST_CASE("export chrome: a partial trace (no end) still closes every slice") {
    const cs::LoadResult r = cs::loadScenarioFile(
        (fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / "default-semaphore-20.json").string());
    REQUIRE(r.ok());
    cs::TraceStore store;
    cs::Simulation sim(*r.scenario, store);
    sim.runUntil(0.7);
    const json doc = chromeOf(cs::RunModel::of(store, cs::RunConfig::forScenario(*r.scenario)));
    CHECK(doc["otherData"]["outcome"] == "");
}

TEST_CASE("export chrome: a recorded program's semaphores told apart are a counter each") {
    // The tracer's lines for a Semaphore(4) made on line 11 and a Lock made
    // outside the program's own file: a "held" counter track for each, named
    // as the timeline's bands name them, beside "permits in use".
    std::istringstream in(
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"Semaphore\", \"value\": 4, \"line\": 11}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"kind\": \"Lock\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"semaphores\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"permits\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"held\", \"sem\": 0, \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"held\", \"sem\": 1, \"value\": 1}\n"
        "{\"t\": 0.5, \"ev\": \"permits\", \"value\": 1}\n"
        "{\"t\": 0.5, \"ev\": \"held\", \"sem\": 1, \"value\": 0}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("two")));
    std::map<std::string, std::vector<std::pair<double, long long>>> held;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "C" && e["args"].contains("held"))
            held[e["name"].get<std::string>()].emplace_back(e["ts"].get<double>(), e["args"]["held"].get<long long>());
    REQUIRE(held.size() == 2);
    // (A count's value at an instant is its last: 1 from 0.0 on.)
    CHECK(held["held: #1 Semaphore(4), line 11"] == std::vector<std::pair<double, long long>>{{0.0, 1}});
    CHECK(held["held: #2 Lock"] == std::vector<std::pair<double, long long>>{{0.0, 1}, {500000.0, 0}});
}

TEST_CASE("export chrome: a Barrier's counter is its lock's, as the timeline's band says") {
    // A Barrier's one permit is its own Condition's Lock ("held: #2 Barrier"
    // read as the parties that arrived).
    std::istringstream in(
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 0, \"kind\": \"Lock\", \"value\": 1, \"line\": 4}\n"
        "{\"t\": 0.0, \"ev\": \"primitive\", \"sem\": 1, \"kind\": \"Barrier\", \"value\": 1, \"line\": 5}\n"
        "{\"t\": 0.0, \"ev\": \"semaphores\", \"value\": 2}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"held\", \"sem\": 1, \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"held\", \"sem\": 1, \"value\": 0}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("barrier")));
    std::set<std::string> names;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "C" && e["args"].contains("held")) names.insert(e["name"].get<std::string>());
    CHECK(names.count("held: #2 Barrier's lock, line 5") == 1);
}

TEST_CASE("export chrome: a recorded program's task before its first request is running, not arriving") {
    // A download (sleep 1) before `async with lock`: the task runs its own
    // code there, as the timeline draws it; the slice said "arriving".
    std::istringstream in(
        "{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"request\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"running\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.0, \"ev\": \"permits\", \"value\": 1}\n"
        "{\"t\": 1.5, \"ev\": \"release\", \"task\": 0, \"woke\": -1, \"name\": \"a\"}\n"
        "{\"t\": 1.5, \"ev\": \"permits\", \"value\": 0}\n"
        "{\"t\": 1.5, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("pre")));
    const auto slices = names(doc, "X");
    CHECK(slices.count("running, no permit asked yet"));
    CHECK_FALSE(slices.count("arriving"));
}

TEST_CASE("export chrome: a process pool job left while it waited shows its wait, then its run") {
    // Task b gives up its queued job at 0.25 (thread_left); a process takes
    // it at 1.0 (the tracer's inferred thread_begin) and it ends at 2.0.
    std::istringstream in(
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0, \"pool\": \"process\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 1, \"pool\": \"process\"}\n"
        "{\"t\": 0.25, \"ev\": \"thread_left\", \"task\": 1, \"pool\": \"process\"}\n"
        "{\"t\": 1.0, \"ev\": \"thread_end\", \"task\": 0, \"pool\": \"process\"}\n"
        "{\"t\": 1.0, \"ev\": \"thread_begin\", \"task\": 1, \"pool\": \"process\"}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0, \"name\": \"a\"}\n"
        "{\"t\": 1.5, \"ev\": \"done\", \"task\": 1, \"name\": \"b\"}\n"
        "{\"t\": 2.0, \"ev\": \"thread_end\", \"task\": 1, \"pool\": \"process\"}\n"
        "{\"t\": 2.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("left")));
    std::map<std::string, std::pair<double, double>> jobs;  // name -> (ts, dur)
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "X" && e["cat"] == "pool")
            jobs[e["name"].get<std::string>()] = {e["ts"].get<double>(), e["dur"].get<double>()};
    CHECK(jobs["process job in the pool queue after the task stopped waiting for it"] ==
          std::pair<double, double>{250000.0, 750000.0});
    CHECK(jobs["process job after the task stopped waiting for it"] == std::pair<double, double>{1000000.0, 1000000.0});
}

TEST_CASE("export chrome: main()'s own pool jobs are slices on rows under main(), never overlapping on a row") {
    // p4.py: five jobs for a pool of two; jobs 2-4 wait in its queue first.
    std::ifstream in(std::string(COROSCOPE_TEST_DATA_DIR) + "/traces/good/main-thread-jobs.jsonl");
    REQUIRE(in);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("p4")));
    std::map<int, std::string> rows;  // tid -> its name
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name") {
            const std::string name = e["args"]["name"];
            if (name.rfind("main() · its pool jobs", 0) == 0) rows[e["tid"].get<int>()] = name;
        }
    // Two run at once, and the process pool's dropped job waits beside them:
    // as many rows as jobs are ever handed over at once (five at 0 s).
    CHECK(rows.size() == 5);
    std::map<std::string, std::pair<double, double>> slices;  // name -> (ts, dur)
    std::map<int, double> rowEnd;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] != "X" || !rows.count(e["tid"].get<int>())) continue;
        const double ts = e["ts"], dur = e["dur"];
        slices[e["name"].get<std::string>()] = {ts, dur};
        const int tid = e["tid"];
        if (rowEnd.count(tid)) CHECK(ts >= rowEnd[tid]);  // a row's slices never overlap
        rowEnd[tid] = ts + dur;
    }
    CHECK(slices["job 0 in the thread pool"] == std::pair<double, double>{0.0, 100000.0});
    CHECK(slices["job 2 in the thread pool's queue"] == std::pair<double, double>{0.0, 100000.0});
    CHECK(slices["job 2 in the thread pool"] == std::pair<double, double>{100000.0, 300000.0});
    CHECK(slices["job 4 in the thread pool"] == std::pair<double, double>{400000.0, 500000.0});
    // The process pool's job dropped from its queue before a process took it.
    CHECK(slices["job 5 in the process pool's queue"] == std::pair<double, double>{900000.0, 100000.0});
    CHECK_FALSE(slices.count("job 5 in the process pool"));
}

namespace {

// Counts what reaches the stream: the largest single write and the total.
class WriteSizes final : public std::streambuf {
public:
    std::streamsize largest = 0, total = 0;

protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        largest = std::max(largest, n);
        total += n;
        return n;
    }
    int_type overflow(int_type ch) override {
        ++total;
        return traits_type::not_eof(ch);
    }
};

}  // namespace

TEST_CASE("export chrome: a big run's JSON goes out in pieces of about a megabyte, never held whole") {
    // 50,000 tasks gathered: 100,000 lines of track names and orders, and
    // the caller's 50,000 results, each many megabytes of text.
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 50000, "seed": 3, "steps": [{"io": {"dist": "uniform", "min": 1.0, "max": 1.6}}]},
        "limit": {"kind": "semaphore", "value": 100}, "collect": {"kind": "gather"}})");
    REQUIRE(r.ok());
    const cs::Scenario& s = *r.scenario;
    cs::RunModel model(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, model);
    sim.run();
    WriteSizes sizes;
    std::ostream out(&sizes);
    cs::ChromeTraceWriter::write(out, model);
    INFO("largest write " << sizes.largest << " of " << sizes.total);
    CHECK(sizes.total > 40 * (1 << 20));
    CHECK(sizes.largest < 2 * (1 << 20));
}

TEST_CASE("export chrome: a producer task's put() waits are on its track; jobs are named by the file's ids") {
    // A traced producer task (id 10) whose put() of job 30 waits 0-1 while
    // worker 0 runs job 20; ids sparse (lanes 0, 1, 2): names and arguments
    // say 20 and 30, as the tracks do, not the lanes.
    std::istringstream in("{\"t\": 0.0, \"ev\": \"created\", \"task\": 10, \"name\": \"producer\"}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 20}\n"
                          "{\"t\": 0.0, \"ev\": \"worker\", \"task\": 20, \"worker\": 0}\n"
                          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 20, \"parent\": 10, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 0.0, \"ev\": \"put_wait\", \"task\": 30, \"by\": 10}\n"
                          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 20, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 1.0, \"ev\": \"enqueue\", \"task\": 30}\n"
                          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 10, \"name\": \"producer\"}\n"
                          "{\"t\": 1.0, \"ev\": \"worker\", \"task\": 30, \"worker\": 0}\n"
                          "{\"t\": 1.0, \"ev\": \"created\", \"task\": 30, \"parent\": 10, \"name\": \"item 1: 1\"}\n"
                          "{\"t\": 2.0, \"ev\": \"done\", \"task\": 30, \"name\": \"item 1: 1\"}\n"
                          "{\"t\": 2.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const json doc = chromeOf(cs::RunModel::of(file.store(), file.runConfig("producer task")));
    checkWellFormed(doc);
    std::map<long long, std::string> tracks;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name")
            tracks[e["tid"].get<long long>()] = e["args"]["name"].get<std::string>();
    std::vector<std::pair<std::string, std::string>> puts, jobs;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] != "X") continue;
        const std::string on = tracks[e["tid"].get<long long>()];
        if (e["cat"] == "queue") puts.emplace_back(on, e["name"].get<std::string>());
        if (e["cat"] == "worker") jobs.emplace_back(on, e["name"].get<std::string>());
        if (e["cat"] == "queue" || e["cat"] == "worker") CHECK(e["args"]["job"].get<int>() >= 20);
    }
    CHECK(puts == std::vector<std::pair<std::string, std::string>>{{"task 10 · producer", "put() waits · job 30"}});
    CHECK(jobs == std::vector<std::pair<std::string, std::string>>{{"worker 0", "job 20"}, {"worker 0", "job 30"}});
}

TEST_CASE("a Queue put() cancelled while it waited: no task, its wait ends there, in the model and the exports") {
    // The producer (id 1) waits in put() of job 4 from 0 (the queue full)
    // and is cancelled at 0.5: the tracer's put_cancelled, then its own
    // end. Job 4 never entered the queue: no created line, no task.
    std::istringstream in("{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"producer\"}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 2}\n"
                          "{\"t\": 0.0, \"ev\": \"worker\", \"task\": 2, \"worker\": 0}\n"
                          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2, \"parent\": 1, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 3}\n"
                          "{\"t\": 0.0, \"ev\": \"put_wait\", \"task\": 4, \"by\": 1}\n"
                          "{\"t\": 0.5, \"ev\": \"put_cancelled\", \"task\": 4}\n"
                          "{\"t\": 0.5, \"ev\": \"cancelled\", \"task\": 1, \"name\": \"producer\"}\n"
                          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 2, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 1.0, \"ev\": \"worker\", \"task\": 3, \"worker\": 0}\n"
                          "{\"t\": 1.0, \"ev\": \"created\", \"task\": 3, \"parent\": 1, \"name\": \"item 1: 1\"}\n"
                          "{\"t\": 2.0, \"ev\": \"done\", \"task\": 3, \"name\": \"item 1: 1\"}\n"
                          "{\"t\": 2.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel model = cs::RunModel::of(file.store(), file.runConfig("put cancelled"));
    REQUIRE(model.taskCount() == 4);  // lanes of ids 1, 2, 3, 4
    CHECK(model.jobCount() == 3);
    CHECK(model.putCancelled(3));
    CHECK_FALSE(model.putCancelled(1));
    CHECK(model.metrics().tasks == 3);
    REQUIRE(model.producerWaits().size() == 1);
    CHECK(model.producerWaits()[0].end == 0.5);
    CHECK(model.producerWaits()[0].cancelled);
    CHECK(model.producerWaits()[0].by == 0);

    const json doc = chromeOf(model);
    checkWellFormed(doc);
    std::vector<std::pair<std::string, double>> puts;
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "X" && e["cat"] == "queue")
            puts.emplace_back(e["name"].get<std::string>(), e["dur"].get<double>());
    CHECK(puts == std::vector<std::pair<std::string, double>>{{"put() waits · job 4 · cancelled", 500000.0}});

    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, model);
    CHECK(csv.str() ==
          "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome,enqueued,queued_s\n"
          "1,cancelled,0.0,,0.0,0.5,0.0,0.5,0.5,cancelled,,\n"  // (the producer: no Queue's job)
          "2,done,0.0,,0.0,1.0,0.0,1.0,1.0,ok,0.0,0.0\n"
          "3,done,1.0,,1.0,2.0,0.0,1.0,1.0,ok,0.0,1.0\n");  // in the queue from 0 to 1
}

TEST_CASE("the Tasks CSV has a row for each task the metrics count: no Queue worker's lane, no wait_for helper") {
    // Lane 0 a Queue worker that slept first (its queue_worker line), lane 1
    // its item; lane 2 a task whose wait_for(coroutine) made lane 3, its
    // helper. The metrics count two tasks: so does the CSV (it had four rows,
    // the worker's "cancelled" among them).
    std::istringstream in("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"Task-2\"}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 1}\n"
                          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2, \"name\": \"Task-3\"}\n"
                          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 3, \"parent\": 2, \"helper\": \"wait_for\", "
                          "\"name\": \"Task-4\"}\n"
                          "{\"t\": 0.1, \"ev\": \"queue_worker\", \"task\": 0}\n"
                          "{\"t\": 0.1, \"ev\": \"worker\", \"task\": 1, \"worker\": 0}\n"
                          "{\"t\": 0.1, \"ev\": \"created\", \"task\": 1, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 0.6, \"ev\": \"done\", \"task\": 1, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 3, \"name\": \"Task-4\"}\n"
                          "{\"t\": 1.0, \"ev\": \"done\", \"task\": 2, \"name\": \"Task-3\"}\n"
                          "{\"t\": 1.0, \"ev\": \"cancelled\", \"task\": 0, \"name\": \"Task-2\"}\n"
                          "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel model = cs::RunModel::of(file.store(), file.runConfig("workers and helpers"));
    REQUIRE(model.taskCount() == 4);
    CHECK(model.metrics().tasks == 2);
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, model);
    CHECK(csv.str() ==
          "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome,enqueued,queued_s\n"
          "1,done,0.1,,0.1,0.6,0.0,0.5,0.5,ok,0.0,0.1\n"
          "2,done,0.0,,0.0,1.0,0.0,1.0,1.0,ok,,\n");
}

TEST_CASE("a Queue's jobs never taken are tasks of the run: its metrics count them as its CSV and waiting do") {
    // Three items enqueued; the worker (no lane) takes the first and dies
    // with it; two stay in the queue to the end. The metrics said 1 task
    // (the created ones), an error rate of 100 %, beside a CSV of 3 rows and
    // 2 waiting.
    std::istringstream in("{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 0}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 1}\n"
                          "{\"t\": 0.0, \"ev\": \"enqueue\", \"task\": 2}\n"
                          "{\"t\": 0.0, \"ev\": \"worker\", \"task\": 0, \"worker\": 0}\n"
                          "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 0.5, \"ev\": \"failed\", \"task\": 0, \"name\": \"item 0: 0\"}\n"
                          "{\"t\": 3.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel model = cs::RunModel::of(file.store(), file.runConfig("worker died"));
    const cs::RunMetrics m = model.metrics();
    CHECK(m.tasks == 3);
    CHECK(m.failed == 1);
    CHECK(m.waiting == 2);
    CHECK(m.errorRate == Approx(1.0 / 3.0));
    CHECK(model.metricsAt(3.0).tasks == 3);
    CHECK(model.metricsAt(0.25).tasks == 3);  // (one running, two in the queue)
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, model);
    std::size_t rows = 0;
    for (char c : csv.str()) rows += c == '\n';
    CHECK(rows == 1 + 3);
}

TEST_CASE("export: a rate limit's wait for its start slot, holding its permit, is its own slice and CSV column") {
    // max_at_once 2, max_per_second 2: task 1 holds its permit from 0 to its
    // slot at 0.5; task 2 gets task 1's at 0.7 and starts at its slot, 1.0.
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.2}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "rate", "max_at_once": 2, "max_per_second": 2}})");
    REQUIRE(r.ok());
    cs::TraceStore store;
    cs::Simulation sim(*r.scenario, store);
    sim.run();
    const cs::RunModel model = cs::RunModel::of(store, cs::RunConfig::forScenario(*r.scenario));
    const json doc = chromeOf(model);
    checkWellFormed(doc);
    std::vector<std::pair<double, double>> slots;  // (ts, dur) of the slot waits
    for (const json& e : doc["traceEvents"])
        if (e["ph"] == "X" && e["name"] == "holding a permit, waiting for its start slot")
            slots.emplace_back(e["ts"].get<double>(), e["dur"].get<double>());
    CHECK(slots == std::vector<std::pair<double, double>>{{0.0, 500000.0}, {700000.0, 300000.0}});
    // The permits track counts the holders (both taken from 0 to 0.7).
    CHECK(names(doc, "C").count("permits in use"));
    std::ostringstream csv;
    cs::CsvWriter::writeTasks(csv, model);
    CHECK(csv.str() ==
          "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome,slot_waited_s\n"
          "0,done,0.0,0.0,0.0,1.0,0.0,1.0,1.0,ok,0.0\n"
          "1,done,0.0,0.0,0.5,0.7,0.5,0.2,0.7,ok,0.5\n"
          "2,done,0.0,0.0,1.0,2.0,1.0,1.0,2.0,ok,0.3\n");
}
