#include "lab/sweep.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "lab/point_sink.h"
#include "program/simulation.h"

namespace cs::lab {

std::variant<Sweep, std::string> Sweep::prepare(json document, const std::string& param,
                                                std::vector<SweepValue> values) {
    auto parsed = ParamPath::parse(param);
    if (auto* err = std::get_if<std::string>(&parsed)) return "--param " + param + ": " + *err;
    ParamPath path = std::get<ParamPath>(std::move(parsed));
    // The document must load as it is: a probe error must be the probe's.
    const LoadResult base = parseScenario(document.dump());
    if (!base.ok()) return base.error ? base.error->what() : std::string("the scenario does not load");
    if (auto err = path.checkKnown(document)) return "--param " + param + ": " + *err;
    if (values.empty()) return std::string("--values: the list is empty");
    return Sweep(std::move(document), std::move(path), std::move(values));
}

std::variant<Sweep, std::string> Sweep::prepare(json document, const std::string& param,
                                                const std::string& list) {
    auto values = ValueList::parse(list);
    if (auto* err = std::get_if<std::string>(&values)) return "--values: " + *err;
    return prepare(std::move(document), param, std::get<std::vector<SweepValue>>(std::move(values)));
}

LoadResult Sweep::scenarioFor(const SweepValue& value) const {
    json doc = document_;
    const json v = value.integral ? json(static_cast<std::int64_t>(value.value)) : json(value.value);
    if (auto err = path_.assign(doc, v)) {
        LoadResult r;
        r.error = LoadError{path_.text(), *err};
        return r;
    }
    return parseScenario(doc.dump());
}

SweepPoint Sweep::measure(Scenario scenario, const SweepValue& value) {
    PointSink sink;
    {
        Simulation sim(std::move(scenario), sink);
        sim.run();
    }
    return sink.point(value);
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
                LoadResult r = scenarioFor(values_[i]);
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
                SweepPoint p = measure(std::move(*r.scenario), values_[i]);
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
