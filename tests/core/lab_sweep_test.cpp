// Sweep: field substitution through the loader, the parallel runner (rows in
// LIST order, each the same as a run of that value alone), the CSV and the
// bundled capacity experiment's recommendation.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "lab/recommend.h"
#include "lab/sweep.h"
#include "lab/sweep_csv.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"
#include "scenario/loader.h"

using cs::lab::Sweep;
using cs::lab::SweepCsv;
using cs::lab::SweepPoint;
using cs::lab::SweepResult;
using json = nlohmann::json;

namespace {

json readJson(const std::string& relative) {
    std::ifstream in(std::string(COROSCOPE_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in);
    return json::parse(in);
}

json capacityDoc() { return readJson("resources/experiments/capacity-8-service.json"); }

Sweep prepared(json doc, const std::string& param, const std::string& list, std::size_t seeds = 0) {
    auto r = Sweep::prepare(std::move(doc), param, list, seeds);
    if (auto* err = std::get_if<std::string>(&r)) FAIL("prepare failed: " << *err);
    return std::get<Sweep>(std::move(r));
}

std::string prepareError(json doc, const std::string& param, const std::string& list, std::size_t seeds = 0) {
    auto r = Sweep::prepare(std::move(doc), param, list, seeds);
    if (!std::holds_alternative<std::string>(r)) FAIL("expected an error for " << param << " " << list);
    return std::get<std::string>(r);
}

SweepResult runWith(const Sweep& s, unsigned jobs) {
    cs::lab::SweepOptions o;
    o.jobs = jobs;
    SweepResult r = s.run(o);
    REQUIRE(r.complete());
    return r;
}

// A small document with every section the substitution tests touch.
json smallDoc() {
    return json::parse(R"({
      "format": "coroscope-scenario/1",
      "generate": {"count": 30, "seed": 3, "arrive": {"every": 0.1},
                   "steps": [{"call": {"dist": "uniform", "min": 0.1, "max": 0.5}}, {"thread": 0.05}]},
      "service": {"capacity": 3},
      "limit": {"kind": "semaphore", "value": 4},
      "collect": {"kind": "gather", "return_exceptions": true}
    })");
}

}  // namespace

TEST_CASE("each sweep row equals a run of that value alone (Simulation + the run model)") {
    const json doc = capacityDoc();
    const Sweep sweep = prepared(doc, "limit.value", "1,4,8,13,16", 1);
    const SweepResult r = runWith(sweep, 2);
    REQUIRE(r.points.size() == 5);

    // The reference edits the loaded struct, not the JSON: an independent path.
    const cs::LoadResult base = cs::parseScenario(doc.dump());
    REQUIRE(base.ok());
    const std::int64_t values[] = {1, 4, 8, 13, 16};
    for (std::size_t i = 0; i < 5; ++i) {
        INFO("limit.value = " << values[i]);
        cs::Scenario s = *base.scenario;
        s.limit.value = values[i];
        cs::RunModel summary(cs::RunConfig::forScenario(s), cs::RunModel::Mode::MetricsOnly);
        cs::Simulation sim(s, summary);
        sim.run();
        const cs::RunMetrics m = summary.metrics();
        const SweepPoint& p = r.points[i];
        CHECK(p.value.text == std::to_string(values[i]));
        CHECK(p.seeds == 1);
        CHECK(p.makespan == summary.makespan());
        CHECK(p.throughput == m.throughput);
        CHECK(p.tasks == m.tasks);
        CHECK(p.ok == m.ok);
        CHECK(p.failed == m.failed);
        CHECK(p.cancelled == m.cancelled);
        CHECK(p.p50 == summary.latencyPercentile(50));
        CHECK(p.p95 == summary.latencyPercentile(95));
        CHECK(p.p99 == summary.latencyPercentile(99));
        CHECK(p.latencySamples == m.latencySamples);
        CHECK(p.peakInFlight == static_cast<std::size_t>(m.peakInFlight));
        CHECK(p.peakWaiting == static_cast<std::size_t>(m.peakWaiting));
        CHECK(p.outcome == summary.outcomeText());
        CHECK(p.errorRate() == m.errorRate);
    }
    // 13 and 16 are past capacity + queue_limit: the service answers 503.
    CHECK(r.points[0].failed == 0);
    CHECK(r.points[3].failed > 0);
}

TEST_CASE("the sweep CSV has the documented header, 23 columns and typed fields") {
    // A random workload: five seeds a value, medians with their spread.
    const SweepResult r = runWith(prepared(smallDoc(), "service.capacity", "1..4"), 2);
    const std::string csv = SweepCsv::write(r.points);
    std::istringstream in(csv);
    std::string line;
    REQUIRE(std::getline(in, line));
    CHECK(line ==
          "value,seeds,makespan_s,throughput_per_s,throughput_min,throughput_max,"
          "ok,failed,cancelled,error_rate,error_rate_min,error_rate_max,"
          "p50_s,p95_s,p95_min_s,p95_max_s,p99_s,p99_min_s,p99_max_s,"
          "latency_samples,p99_reliable,peak_in_flight,peak_waiting");
    auto isInt = [](const std::string& f) {
        return !f.empty() && f.find_first_not_of("0123456789") == std::string::npos;
    };
    auto isFloat = [](const std::string& f) {
        if (f.empty()) return false;
        std::size_t used = 0;
        (void)std::stod(f, &used);
        return used == f.size();
    };
    int rows = 0;
    while (std::getline(in, line)) {
        ++rows;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        std::string f;
        while (std::getline(ss, f, ',')) fields.push_back(f);
        if (!line.empty() && line.back() == ',') fields.emplace_back();
        INFO(line);
        REQUIRE(fields.size() == 23);
        CHECK(isInt(fields[0]));                                    // the values 1..4
        CHECK(fields[1] == "5");                                    // seeds
        CHECK(isFloat(fields[2]));
        CHECK(fields[2].find('.') != std::string::npos);            // seconds print as floats: 12.0
        // Counts print as integers, never "400.0", also as medians over seeds.
        for (int k : {6, 7, 8, 19, 21, 22}) CHECK(isInt(fields[static_cast<std::size_t>(k)]));
        for (int k : {3, 4, 5, 9, 10, 11}) CHECK(isFloat(fields[static_cast<std::size_t>(k)]));
        CHECK(std::stod(fields[4]) <= std::stod(fields[3]));       // min <= median <= max
        CHECK(std::stod(fields[3]) <= std::stod(fields[5]));
        for (int k : {12, 13, 14, 15, 16, 17, 18}) {
            const std::string& v = fields[static_cast<std::size_t>(k)];
            CHECK((v.empty() || isFloat(v)));
        }
        CHECK((fields[20] == "true" || fields[20] == "false" || fields[20].empty()));
        // 30 tasks: a p99 over fewer than 100 successful requests is marked unreliable.
        if (!fields[16].empty()) CHECK(fields[20] == "false");
    }
    CHECK(rows == 4);
    CHECK(csv.back() == '\n');
}

TEST_CASE("a sweep is byte-for-byte the same whatever the number of jobs") {
    std::string descending;
    for (int v = 16; v >= 1; --v) descending += std::to_string(v) + (v > 1 ? "," : "");
    const Sweep sweep = prepared(capacityDoc(), "limit.value", descending);
    std::string first;
    for (unsigned jobs : {1u, 2u, 3u, 8u}) {
        INFO("jobs = " << jobs);
        const std::string csv = SweepCsv::write(runWith(sweep, jobs).points);
        if (first.empty()) first = csv;
        CHECK(csv == first);
    }
    // Rows keep LIST order (here descending), not completion order.
    CHECK(first.substr(first.find('\n') + 1, 3) == "16,");
}

TEST_CASE("values in a range that is not sorted come back in LIST order") {
    const Sweep sweep = prepared(smallDoc(), "limit.value", "8,1,4,2");
    const SweepResult r = runWith(sweep, 2);
    REQUIRE(r.points.size() == 4);
    CHECK(r.points[0].value.text == "8");
    CHECK(r.points[1].value.text == "1");
    CHECK(r.points[2].value.text == "4");
    CHECK(r.points[3].value.text == "2");
    CHECK(r.points[1].peakInFlight == 1);
}

TEST_CASE("on the bundled capacity-8 experiment the recommendation is 8 +- 1") {
    const json doc = capacityDoc();
    // The file's own hint is what `coroscope-cli sweep FILE` runs.
    REQUIRE(doc.at("lab").at("param") == "limit.value");
    const Sweep sweep = prepared(doc, "limit.value", doc.at("lab").at("values").get<std::string>());
    const SweepResult r = runWith(sweep, 2);
    const auto rec = cs::lab::Recommender::pick(r.points);
    REQUIRE(rec);
    const double v = r.points[rec->index].value.value;
    CHECK(v >= 7);
    CHECK(v <= 9);
    CHECK(r.points[rec->index].errorRate() < 0.01);
    CHECK_THAT(cs::lab::Recommender::describe("limit.value", r.points[rec->index]),
               Catch::StartsWith("recommended: limit.value = 8 (throughput "));
}

TEST_CASE("the other bundled experiments load, and their hints sweep") {
    for (const char* name : {"quota-429", "long-tail"}) {
        INFO(name);
        const json doc = readJson(std::string("resources/experiments/") + name + ".json");
        CHECK(doc.contains("title"));
        CHECK(doc.contains("description"));
        const Sweep sweep = prepared(doc, doc.at("lab").at("param").get<std::string>(),
                                     doc.at("lab").at("values").get<std::string>());
        CHECK(sweep.values().size() > 4);
    }
    // quota-429: up to the quota no 429, past it some; the quota is recommended.
    const json quota = readJson("resources/experiments/quota-429.json");
    const SweepResult r = runWith(prepared(quota, "limit.max_per_second", "8,10,12"), 2);
    CHECK(r.points[0].failed == 0);
    CHECK(r.points[1].failed == 0);
    CHECK(r.points[2].failed > 0);
    const auto rec = cs::lab::Recommender::pick(r.points);
    REQUIRE(rec);
    CHECK(r.points[rec->index].value.text == "10");
    // Its text's finer grid (`--values 9..11+0.25`, the lab's default seeds):
    // the first 429s at 10.25/s, and 9.75/s recommended, within 5% of the
    // best (the text said the quota's 10/s would be: it was the default grid's).
    const Sweep fine = prepared(quota, "limit.max_per_second", "9..11+0.25");
    const SweepResult f = runWith(fine, 2);
    REQUIRE(f.points.size() == 9);
    CHECK(f.points[4].value.text == "10");
    CHECK(f.points[4].failed == 0);
    CHECK(f.points[5].failed > 0);
    const auto fineRec = cs::lab::Recommender::pick(f.points);
    REQUIRE(fineRec);
    CHECK(f.points[fineRec->index].value.text == "9.75");
    CHECK_THAT(quota.at("description").get<std::string>(), Catch::Contains("**9.75/s**"));
}

TEST_CASE("every kind of field can be swept, created when the file leaves it out") {
    const json doc = smallDoc();
    struct Row { const char* param; const char* value; };
    const Row rows[] = {
        {"limit.value", "2"},
        {"service.capacity", "5"},
        {"service.queue_limit", "1"},          // absent from the file
        {"executor.max_workers", "2"},         // no "executor" section at all
        {"service.rate_limit.per_second", "4"},// no "rate_limit" object: created, burst defaults
        {"generate.count", "12"},
        {"generate.seed", "7"},
        {"generate.arrive.every", "0.25"},
        {"generate.steps[1].thread", "0.5"},
        {"generate.steps[0].call.max", "0.9"},
    };
    for (const Row& row : rows) {
        INFO(row.param << " = " << row.value);
        const Sweep sweep = prepared(doc, row.param, row.value);
        const cs::LoadResult r = sweep.scenarioFor(sweep.values()[0]);
        REQUIRE(r.ok());
    }
    const Sweep workers = prepared(doc, "executor.max_workers", "2");
    CHECK(workers.scenarioFor(workers.values()[0]).scenario->maxWorkers == 2);
    const Sweep count = prepared(doc, "generate.count", "12");
    CHECK(count.scenarioFor(count.values()[0]).scenario->tasks.size() == 12);
    const Sweep ql = prepared(doc, "service.queue_limit", "1");
    CHECK(ql.scenarioFor(ql.values()[0]).scenario->service->queueLimit == 1);

    // Explicit task lists: tasks[i] fields too.
    const json tasks = json::parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}], "arrive": 0.5}],
        "limit": {"kind": "rate", "max_per_second": 2}})");
    const Sweep arrive = prepared(tasks, "tasks[1].arrive", "0.25");
    CHECK(arrive.scenarioFor(arrive.values()[0]).scenario->tasks[1].arrive == 0.25);
    const Sweep rate = prepared(tasks, "limit.max_per_second", "0.5,1");
    CHECK(rate.scenarioFor(rate.values()[0]).scenario->limit.maxPerSecond == 0.5);
    const Sweep mao = prepared(tasks, "limit.max_at_once", "1");
    CHECK(mao.scenarioFor(mao.values()[0]).scenario->limit.maxAtOnce == 1);
}

TEST_CASE("bad PATH and LIST errors name the path or the item") {
    const json doc = smallDoc();
    CHECK(prepareError(doc, "limit.foo", "1,2") == "--param limit.foo: not a field of this scenario");
    // A field of another limit kind is not a field of this scenario.
    CHECK(prepareError(doc, "limit.workers", "1") == "--param limit.workers: not a field of this scenario");
    CHECK(prepareError(doc, "nothing.here", "1") == "--param nothing.here: not a field of this scenario");
    CHECK(prepareError(doc, "title", "1") == "--param title: not a field of this scenario");
    CHECK(prepareError(doc, "generate.steps[5].io", "1") ==
          "--param generate.steps[5].io: generate.steps[5] does not exist");
    CHECK(prepareError(doc, "limit.kind.value", "1") ==
          "--param limit.kind.value: limit.kind is not an object");
    CHECK_THAT(prepareError(doc, "limit..value", "1"), Catch::StartsWith("--param limit..value: "));
    CHECK_THAT(prepareError(doc, "", "1"), Catch::StartsWith("--param : empty path"));
    CHECK(prepareError(doc, "limit.value", "1..") == "--values: \"1..\": expected a number after \"..\"");
    CHECK(prepareError(doc, "limit.value", "") ==
          "--values: the list is empty (expected e.g. 1,2,4,8 or 1..64 or 1..64x2)");

    // A document that does not load is reported as the loader says.
    json bad = doc;
    bad["limit"]["value"] = -3;
    CHECK(prepareError(bad, "limit.value", "1") == "limit.value: must be an integer >= 0");
}

TEST_CASE("a value the loader refuses stops the sweep with the first such value in LIST order") {
    const Sweep sweep = prepared(smallDoc(), "limit.value", "1,2,0.5,3,-1,4");
    for (unsigned jobs : {1u, 2u, 4u}) {
        INFO("jobs = " << jobs);
        cs::lab::SweepOptions o;
        o.jobs = jobs;
        const SweepResult r = sweep.run(o);
        REQUIRE(r.error);
        CHECK(*r.error == "--values 0.5: limit.value: must be an integer >= 0");
        CHECK_FALSE(r.complete());
    }
}

TEST_CASE("a cancelled sweep reports what ran and stops") {
    const Sweep sweep = prepared(smallDoc(), "limit.value", "1..40");
    std::atomic<bool> cancel{false};
    cs::lab::SweepOptions o;
    o.jobs = 2;
    o.cancel = &cancel;
    std::size_t calls = 0;
    o.onPoint = [&](std::size_t, const SweepPoint&, std::size_t done) {
        ++calls;
        if (done >= 3) cancel = true;
    };
    const SweepResult r = sweep.run(o);
    CHECK(r.cancelled);
    CHECK_FALSE(r.complete());
    std::size_t ran = 0;
    for (bool f : r.finished) ran += f ? 1 : 0;
    CHECK(ran == calls);
    CHECK(ran >= 3);
    CHECK(ran < 40);
}

TEST_CASE("Little's law holds on each point: L = lambda * W when nothing fails") {
    const json doc = readJson("resources/experiments/long-tail.json");
    const SweepResult r = runWith(prepared(doc, "limit.value", "4,12,32"), 2);
    // With several seeds the figures are one real run's (the median throughput's).
    CHECK(r.points[0].seeds == Sweep::kDefaultSeeds);
    for (const SweepPoint& p : r.points) {
        INFO("limit.value = " << p.value.text);
        REQUIRE(p.failed + p.cancelled == 0);
        REQUIRE(p.meanLatency);
        CHECK(p.completions == p.ok);
        CHECK(p.meanInSystem == Approx(p.littleProduct()).epsilon(1e-9));
        CHECK(p.meanInFlight <= p.meanInSystem + 1e-12);
        CHECK(p.meanInFlight <= static_cast<double>(p.peakInFlight) + 1e-12);
    }
    // Past the knee every permit is not needed: mean in flight stays below the limit.
    CHECK(r.points[2].meanInFlight < 32.0);
}

TEST_CASE("a random workload runs once per seed: each number is the median of the seeds' runs, with its spread") {
    const json doc = smallDoc();
    const Sweep sweep = prepared(doc, "limit.value", "2,4");
    REQUIRE(sweep.seeds() == Sweep::kDefaultSeeds);
    const SweepResult r = runWith(sweep, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        INFO("value " << sweep.values()[i].text);
        // The runs of seeds 3, 4, ..., 7 (the document's generate.seed is 3), one by one.
        std::vector<double> throughput, p95;
        std::vector<std::size_t> ok;
        for (std::size_t k = 0; k < sweep.seeds(); ++k) {
            json d = doc;
            d["limit"]["value"] = static_cast<int>(sweep.values()[i].value);
            d["generate"]["seed"] = 3 + static_cast<int>(k);
            const cs::LoadResult lr = cs::parseScenario(d.dump());
            REQUIRE(lr.ok());
            cs::RunModel m(cs::RunConfig::forScenario(*lr.scenario), cs::RunModel::Mode::MetricsOnly);
            cs::Simulation sim(*lr.scenario, m);
            sim.run();
            throughput.push_back(m.metrics().throughput);
            p95.push_back(*m.metrics().p95);
            ok.push_back(m.metrics().ok);
        }
        std::sort(throughput.begin(), throughput.end());
        std::sort(p95.begin(), p95.end());
        std::sort(ok.begin(), ok.end());
        const SweepPoint& p = r.points[i];
        CHECK(p.seeds == 5);
        CHECK(p.throughput == throughput[2]);
        CHECK(p.throughputs.min == throughput.front());
        CHECK(p.throughputs.max == throughput.back());
        CHECK(p.p95 == p95[2]);
        REQUIRE(p.p95s);
        CHECK(p.p95s->min == p95.front());
        CHECK(p.p95s->max == p95.back());
        CHECK(p.ok == ok[2]);
    }
}

TEST_CASE("seeds are for random workloads only; an explicit count is kept") {
    const json fixed = json::parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}],
        "limit": {"kind": "semaphore", "value": 1}})");
    CHECK(prepared(fixed, "limit.value", "1,2").seeds() == 1);
    CHECK(prepareError(fixed, "limit.value", "1,2", 3) ==
          "--seeds 3: the scenario's tasks are fixed (no generate): one run per value");
    CHECK(prepareError(smallDoc(), "generate.seed", "1,2", 3) ==
          "--seeds 3: the seed is the swept field: one run per value");
    CHECK(prepared(smallDoc(), "generate.seed", "1,2").seeds() == 1);
    CHECK(prepared(smallDoc(), "limit.value", "1", 3).seeds() == 3);
    CHECK(prepared(smallDoc(), "limit.value", "1", 1).seeds() == 1);
}

TEST_CASE("on the capacity experiment the 503s of a limit above capacity are failures, not fast latencies") {
    // Past 12 the service answers 503 at once. Those requests failed: they
    // are counted by the error rate, and the latencies are the successful
    // requests' only (which are faster there: the refused ones never queued).
    const SweepResult r = runWith(prepared(capacityDoc(), "limit.value", "8,13,16", 1), 2);
    const SweepPoint& eight = r.points[0];
    CHECK(eight.errorRate() == 0.0);
    CHECK(eight.latencySamples == eight.ok);
    for (std::size_t i = 1; i < 3; ++i) {
        const SweepPoint& p = r.points[i];
        INFO("limit.value = " << p.value.text);
        CHECK(p.errorRate() > 0.05);
        CHECK(p.failed > 0);
        CHECK(p.throughput < eight.throughput);
        CHECK(p.latencySamples == p.ok);  // not ok + failed
        REQUIRE(p.p50);
        CHECK(*p.p50 > 0.1);  // the instant refusals (latency 0) are not among them
    }
    // The recommendation stays the capacity, whatever the latencies above it.
    const auto rec = cs::lab::Recommender::pick(r.points);
    REQUIRE(rec);
    CHECK(r.points[rec->index].value.text == "8");
}
