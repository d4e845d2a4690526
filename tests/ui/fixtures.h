#pragma once
// Helpers shared by the UI tests: scenarios built in C++, bundled ones read
// from resources/scenarios, and a fresh run of a scenario stopped at t.
#include <QCoreApplication>
#include <QFile>
#include <string>

#include "model/scenario.h"
#include "scenario/loader.h"

namespace cs::ui::test {

// n tasks of `io` seconds each (task i lasts io + i * step) under Semaphore(limit).
inline Scenario semaphoreScenario(int n, int limit, double io = 1.0, double step = 0.1) {
    Scenario s;
    s.title = "test";
    for (int i = 0; i < n; ++i) {
        TaskSpec t;
        t.firstStep = static_cast<std::uint32_t>(s.steps.size());
        s.steps.push_back({io + step * (i % 4), StepKind::Io, 0});
        t.stepCount = 1;
        s.tasks.push_back(t);
    }
    s.limit.kind = LimitKind::Semaphore;
    s.limit.value = limit;
    return s;
}

// A scenario bundled with the app (resources/scenarios/NAME.json).
inline Scenario bundled(const std::string& name) {
    const std::string path = std::string(COROSCOPE_SOURCE_DIR) + "/resources/scenarios/" + name + ".json";
    LoadResult r = loadScenarioFile(path);
    if (!r.ok()) throw std::runtime_error(path + ": " + (r.error ? r.error->what() : std::string("?")));
    return *r.scenario;
}

}  // namespace cs::ui::test
