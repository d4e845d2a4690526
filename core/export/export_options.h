#pragma once
// What the exporters need to know beyond the events themselves: facts a
// trace does not repeat (how the limit counts permits, its initial value)
// and what a traced Python program adds (task names, measured permits).
#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "trace/permit_sample.h"

namespace cs {

struct ExportOptions {
    std::string title;
    // By task id; empty or "" entries: no name (scenario runs have none).
    std::vector<std::string> names;
    // True when one shared semaphore's permits are what the running/release
    // events count (the app's timeline decides the same way); otherwise
    // "permits in use" is the number of tasks in flight.
    bool semaphorePermits = false;
    // The limit in force at t = 0 (-1: none); later values come from the
    // trace's limit events.
    std::int64_t initialLimit = -1;
    // Measured permits (Python traces): when not empty they are the
    // permits-in-use series.
    std::vector<PermitSample> permits;

    // The options a run of `s` implies.
    static ExportOptions forScenario(const Scenario& s);
};

}  // namespace cs
