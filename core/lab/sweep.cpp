#include "lab/sweep.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "model/percentile.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"

namespace cs::lab {

std::variant<Sweep, std::string> Sweep::prepare(json document, const std::string& param,
                                                std::vector<SweepValue> values, std::size_t seeds) {
    auto parsed = ParamPath::parse(param);
    if (auto* err = std::get_if<std::string>(&parsed)) return "--param " + param + ": " + *err;
    ParamPath path = std::get<ParamPath>(std::move(parsed));
    // The document must load as it is: a probe error must be the probe's.
    const LoadResult base = parseScenario(document.dump());
    if (!base.ok()) return base.error ? base.error->what() : std::string("the scenario does not load");
    if (auto err = path.checkKnown(document)) return "--param " + param + ": " + *err;
    if (values.empty()) return std::string("--values: the list is empty");
    // Seeds vary a random workload; fixed tasks give the same run every time.
    const bool random = document.is_object() && document.contains("generate") && path.text() != "generate.seed";
    if (seeds > kMaxSeeds) return "--seeds " + std::to_string(seeds) + ": at most " + std::to_string(kMaxSeeds);
    if (seeds > 1 && !random)
        return "--seeds " + std::to_string(seeds) + ": " +
               (path.text() == "generate.seed" ? std::string("the seed is the swept field: one run per value")
                                               : std::string("the scenario's tasks are fixed (no generate): one run per value"));
    if (seeds == 0) seeds = random ? kDefaultSeeds : 1;
    return Sweep(std::move(document), std::move(path), std::move(values), seeds);
}

std::variant<Sweep, std::string> Sweep::prepare(json document, const std::string& param,
                                                const std::string& list, std::size_t seeds) {
    auto values = ValueList::parse(list);
    if (auto* err = std::get_if<std::string>(&values)) return "--values: " + *err;
    return prepare(std::move(document), param, std::get<std::vector<SweepValue>>(std::move(values)), seeds);
}

LoadResult Sweep::scenarioFor(const SweepValue& value, std::size_t seed) const {
    json doc = document_;
    const json v = value.integral ? json(static_cast<std::int64_t>(value.value)) : json(value.value);
    if (auto err = path_.assign(doc, v)) {
        LoadResult r;
        r.error = LoadError{path_.text(), *err};
        return r;
    }
    if (seed > 0) {
        // generate.seed + k (the loader's default seed is 0); a seed the
        // loader would refuse is refused here the same way.
        json& g = doc["generate"];
        const json base = g.is_object() && g.contains("seed") ? g["seed"] : json(0);
        if (base.is_number_unsigned() || (base.is_number_integer() && base.get<std::int64_t>() >= 0))
            g["seed"] = base.get<std::uint64_t>() + seed;
    }
    return parseScenario(doc.dump());
}

SweepPoint Sweep::measure(Scenario scenario, const SweepValue& value) {
    RunModel model(RunConfig::forScenario(scenario), RunModel::Mode::MetricsOnly);
    {
        Simulation sim(std::move(scenario), model);
        sim.run();
    }
    const RunMetrics m = model.metrics();
    SweepPoint p;
    p.value = value;
    p.makespan = m.t;
    p.throughput = m.throughput;
    p.tasks = m.tasks;
    p.ok = m.ok;
    p.failed = m.failed;
    p.cancelled = m.cancelled;
    p.p50 = m.p50;
    p.p95 = m.p95;
    p.p99 = m.p99;
    p.latencySamples = m.latencySamples;
    p.peakInFlight = static_cast<std::size_t>(m.peakInFlight);
    p.peakWaiting = static_cast<std::size_t>(m.peakWaiting);
    p.outcome = model.outcomeText();
    p.throughputs = {m.throughput, m.throughput, m.throughput};
    p.errorRates = {m.errorRate, m.errorRate, m.errorRate};
    p.makespans = {m.t, m.t, m.t};
    auto spreadOf = [](const std::optional<double>& v) -> std::optional<Spread> {
        if (!v) return std::nullopt;
        return Spread{*v, *v, *v};
    };
    p.p50s = spreadOf(m.p50);
    p.p95s = spreadOf(m.p95);
    p.p99s = spreadOf(m.p99);
    p.meanInFlight = m.meanInFlight;
    p.meanInSystem = m.little.L;
    p.lambda = m.little.lambda;
    p.meanLatency = m.little.W;
    p.completions = m.little.ended;
    return p;
}

SweepPoint Sweep::combine(const std::vector<SweepPoint>& runs) {
    if (runs.size() == 1) return runs.front();
    SweepPoint p;
    if (runs.empty()) return p;
    // Nearest-rank median and spread of one number over the runs.
    auto spread = [&](auto get) {
        std::vector<double> v;
        v.reserve(runs.size());
        for (const SweepPoint& r : runs) v.push_back(static_cast<double>(get(r)));
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        const Spread s{*lo, 0.0, *hi};
        return Spread{s.min, *Percentile::of(std::move(v), 50), s.max};
    };
    auto median = [&](auto get) { return spread(get).median; };
    auto optionalSpread = [&](auto get) -> std::optional<Spread> {
        for (const SweepPoint& r : runs)
            if (!get(r)) return std::nullopt;
        return spread([&](const SweepPoint& r) { return *get(r); });
    };
    p.value = runs.front().value;
    p.seeds = runs.size();
    p.throughputs = spread([](const SweepPoint& r) { return r.throughput; });
    p.errorRates = spread([](const SweepPoint& r) { return r.errorRate(); });
    p.makespans = spread([](const SweepPoint& r) { return r.makespan; });
    p.p50s = optionalSpread([](const SweepPoint& r) { return r.p50; });
    p.p95s = optionalSpread([](const SweepPoint& r) { return r.p95; });
    p.p99s = optionalSpread([](const SweepPoint& r) { return r.p99; });
    p.throughput = p.throughputs.median;
    p.makespan = p.makespans.median;
    if (p.p50s) p.p50 = p.p50s->median;
    if (p.p95s) p.p95 = p.p95s->median;
    if (p.p99s) p.p99 = p.p99s->median;
    auto count = [&](auto get) { return static_cast<std::size_t>(median(get)); };
    p.tasks = count([](const SweepPoint& r) { return r.tasks; });
    p.ok = count([](const SweepPoint& r) { return r.ok; });
    p.failed = count([](const SweepPoint& r) { return r.failed; });
    p.cancelled = count([](const SweepPoint& r) { return r.cancelled; });
    p.peakInFlight = count([](const SweepPoint& r) { return r.peakInFlight; });
    p.peakWaiting = count([](const SweepPoint& r) { return r.peakWaiting; });
    p.latencySamples = runs.front().latencySamples;
    for (const SweepPoint& r : runs) p.latencySamples = std::min(p.latencySamples, r.latencySamples);
    // One real run for Little's law and the outcome: the first whose
    // throughput is the median.
    const SweepPoint* mid = &runs.front();
    for (const SweepPoint& r : runs)
        if (r.throughput == p.throughput) {
            mid = &r;
            break;
        }
    p.medianRun = static_cast<std::size_t>(mid - runs.data());
    p.outcome = mid->outcome;
    p.meanInFlight = mid->meanInFlight;
    p.meanInSystem = mid->meanInSystem;
    p.lambda = mid->lambda;
    p.meanLatency = mid->meanLatency;
    p.completions = mid->completions;
    return p;
}

unsigned Sweep::defaultJobs() {
    const unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? n : 1;
}

SweepResult Sweep::run(const SweepOptions& options) const {
    const std::size_t n = values_.size();
    SweepResult result;
    result.points.resize(n);
    result.finished.assign(n, false);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};       // a value failed to load: start no more runs
    std::mutex mutex;                    // guards the fields below and serialises onPoint
    std::size_t done = 0;
    std::size_t errorIndex = n;
    std::exception_ptr failure;

    auto worker = [&] {
        for (;;) {
            if (stop.load() || (options.cancel && options.cancel->load())) return;
            // Indices are handed out in LIST order, so when value j fails every
            // i < j has started and will finish: the error reported (the
            // smallest failing index) does not depend on the thread count.
            const std::size_t i = next.fetch_add(1);
            if (i >= n) return;
            try {
                std::vector<SweepPoint> runs;
                runs.reserve(seeds_);
                for (std::size_t k = 0; k < seeds_; ++k) {
                    LoadResult r = scenarioFor(values_[i], k);
                    if (!r.ok()) {
                        const std::lock_guard lock(mutex);
                        if (i < errorIndex) {
                            errorIndex = i;
                            result.error = "--values " + values_[i].text + ": " +
                                           (r.error ? r.error->what() : std::string("does not load"));
                        }
                        stop = true;
                        return;
                    }
                    runs.push_back(measure(std::move(*r.scenario), values_[i]));
                    if (options.cancel && options.cancel->load()) return;
                }
                SweepPoint p = combine(runs);
                const std::lock_guard lock(mutex);
                result.points[i] = std::move(p);
                result.finished[i] = true;
                ++done;
                if (options.onPoint) options.onPoint(i, result.points[i], done);
            } catch (...) {
                const std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                return;
            }
        }
    };

    const unsigned jobs = static_cast<unsigned>(
        std::min<std::size_t>(options.jobs > 0 ? options.jobs : defaultJobs(), std::max<std::size_t>(n, 1)));
    if (jobs <= 1) {
        worker();  // no thread to start for one job
    } else {
        std::vector<std::thread> threads;
        threads.reserve(jobs);
        for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
        for (auto& t : threads) t.join();
    }
    if (failure) std::rethrow_exception(failure);
    result.cancelled = !result.error && done < n;
    return result;
}

}  // namespace cs::lab
