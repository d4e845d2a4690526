#pragma once
// A parameter sweep: one scenario document, one field (ParamPath), a list of
// values (ValueList); each value runs alone — its own document copy, its own
// parseScenario, Simulation and metrics-only RunModel — on a pool of worker
// threads. A random workload (`generate`) runs once per seed for each value
// (generate.seed, generate.seed + 1, ...): the row gives the median and the
// spread (SweepPoint).
// The engine keeps its pools thread_local, so runs share nothing, and rows
// come back in LIST order whatever the thread count: a sweep is the same
// byte for byte with --jobs 1 and --jobs 8.
//
//   auto sweep = Sweep::prepare(doc, "limit.value", "1..16");   // or an error
//   SweepResult r = std::get<Sweep>(sweep).run({.jobs = 2});
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "lab/param_path.h"
#include "lab/sweep_point.h"
#include "lab/value_list.h"
#include "model/scenario.h"
#include "scenario/loader.h"

namespace cs::lab {

struct SweepOptions {
    unsigned jobs = 0;  // worker threads; 0 = std::thread::hardware_concurrency()
    // Called from worker threads (serialised: never two at once) after each
    // run, with the finished point's index in LIST order and how many are done.
    std::function<void(std::size_t index, const SweepPoint& point, std::size_t done)> onPoint;
    // Polled between runs: set it to stop early (the GUI's Cancel).
    const std::atomic<bool>* cancel = nullptr;
};

struct SweepResult {
    std::vector<SweepPoint> points;       // LIST order; empty rows when cancelled/failed
    std::vector<bool> finished;           // which rows ran
    bool cancelled = false;
    // The first value (in LIST order) the loader refused, as
    // "limit.value = 0.5: limit.value: must be an integer >= 0".
    std::optional<std::string> error;
    bool complete() const { return !cancelled && !error; }
};

class Sweep {
public:
    using json = nlohmann::json;

    // Checks the document (it must load as it is), the path (a field the
    // loader reads in this document) and the list. Errors read
    //   "--param limit.foo: not a field of this scenario"
    //   "--values 1..: \"1..\": expected a number after \"..\""
    //   "<path>: <message>" for a document that does not load.
    // seeds: runs per value; 0 = kDefaultSeeds for a `generate` document
    // (its tasks are random), 1 otherwise. More than one seed needs a
    // `generate` document whose seed is not the swept field:
    //   "--seeds 5: the scenario's tasks are fixed (no generate): one run per value"
    static std::variant<Sweep, std::string> prepare(json document, const std::string& param,
                                                    std::vector<SweepValue> values, std::size_t seeds = 0);
    static std::variant<Sweep, std::string> prepare(json document, const std::string& param,
                                                    const std::string& list, std::size_t seeds = 0);

    // Five runs give a median and a spread at a cost a classroom waits for;
    // odd, so the median is the middle run.
    static constexpr std::size_t kDefaultSeeds = 5;
    static constexpr std::size_t kMaxSeeds = 1000;

    const std::string& param() const { return path_.text(); }
    const std::vector<SweepValue>& values() const { return values_; }
    std::size_t seeds() const { return seeds_; }
    const json& document() const { return document_; }

    // The scenario of one value: the document with the field set (and, for
    // seed > 0, generate.seed advanced by that many), loaded.
    LoadResult scenarioFor(const SweepValue& value, std::size_t seed = 0) const;
    // One run of `scenario` to the end, measured (no trace kept).
    static SweepPoint measure(Scenario scenario, const SweepValue& value);
    // The row of several runs of one value (their order: the seeds').
    static SweepPoint combine(const std::vector<SweepPoint>& runs);

    SweepResult run(const SweepOptions& options = {}) const;

    static unsigned defaultJobs();

private:
    Sweep(json document, ParamPath path, std::vector<SweepValue> values, std::size_t seeds)
        : document_(std::move(document)), path_(std::move(path)), values_(std::move(values)), seeds_(seeds) {}

    json document_;
    ParamPath path_;
    std::vector<SweepValue> values_;
    std::size_t seeds_ = 1;
};

}  // namespace cs::lab
