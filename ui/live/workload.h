#pragma once
// A synthetic workload for the controls panel: N tasks with durations drawn
// from a distribution, some failures, blocking calls and thread-pool jobs,
// arrivals over time. Built straight into Scenario::tasks/steps (flat), with
// its own seeded generator so the same settings give the same tasks on every
// platform (std::*_distribution is implementation-defined).
#include <cstdint>

#include "model/scenario.h"

namespace cs::ui {

struct WorkloadSpec {
    enum class Dist : std::uint8_t { Constant, Uniform, Exponential, LogNormal };
    int count = 20;
    Dist dist = Dist::Uniform;
    double mean = 1.5;          // seconds: constant value, uniform centre, exponential mean, log-normal median
    double spread = 0.6;        // uniform: ± fraction of mean; log-normal: sigma
    double failureRate = 0.0;   // share of tasks that raise ConnectionError half-way
    double arrivalRate = 0.0;   // tasks per second (Poisson); 0: all start at once
    double cpuShare = 0.0;      // share of tasks that first make a blocking call (time.sleep)
    double threadShare = 0.0;   // share of tasks whose work runs in the thread pool
    std::uint64_t seed = 1;
    bool operator==(const WorkloadSpec&) const = default;
};

// Replaces s.tasks, s.steps and s.excNames; leaves limit and collect alone.
void applyWorkload(const WorkloadSpec& spec, Scenario& s);

}  // namespace cs::ui
