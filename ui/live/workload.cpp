#include "live/workload.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cs::ui {

namespace {
// SplitMix64: tiny, fast, and the same numbers everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double normal() {
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    std::uint64_t s_;
};

double draw(const WorkloadSpec& w, Rng& rng) {
    const double m = std::max(0.0, w.mean);
    switch (w.dist) {
        case WorkloadSpec::Dist::Constant: return m;
        case WorkloadSpec::Dist::Uniform: {
            const double s = std::clamp(w.spread, 0.0, 1.0);
            return m * (1.0 - s + 2.0 * s * rng.uniform());
        }
        case WorkloadSpec::Dist::Exponential: return -m * std::log(1.0 - rng.uniform());
        case WorkloadSpec::Dist::LogNormal: return m * std::exp(std::max(0.0, w.spread) * rng.normal());
    }
    return m;
}

// Durations are shown to the millisecond; round so traces read cleanly.
double ms(double s) { return std::round(s * 1000.0) / 1000.0; }
}  // namespace

void applyWorkload(const WorkloadSpec& spec, Scenario& s) {
    s.tasks.clear();
    s.steps.clear();
    s.excNames.clear();
    Rng rng(spec.seed);
    const int n = std::max(0, spec.count);
    s.tasks.reserve(static_cast<std::size_t>(n));
    s.steps.reserve(static_cast<std::size_t>(n) * 2);
    double arrive = 0.0;
    for (int i = 0; i < n; ++i) {
        TaskSpec t;
        if (spec.arrivalRate > 0.0) {
            t.arrive = ms(arrive);
            arrive += -std::log(1.0 - rng.uniform()) / spec.arrivalRate;
        }
        t.firstStep = static_cast<std::uint32_t>(s.steps.size());
        const double d = ms(draw(spec, rng));
        const bool cpu = rng.uniform() < spec.cpuShare;
        const bool thread = rng.uniform() < spec.threadShare;
        const bool fail = rng.uniform() < spec.failureRate;
        if (cpu) s.steps.push_back({ms(std::max(0.001, d * 0.15)), StepKind::Cpu, 0});
        const StepKind work = thread ? StepKind::Thread : StepKind::Io;
        if (fail) {
            s.steps.push_back({ms(d * 0.5), work, 0});
            s.steps.push_back({0.0, StepKind::Raise, s.internExc("ConnectionError")});
        } else {
            s.steps.push_back({d, work, 0});
        }
        t.stepCount = static_cast<std::uint32_t>(s.steps.size() - t.firstStep);
        s.tasks.push_back(t);
    }
}

}  // namespace cs::ui
