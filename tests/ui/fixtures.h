#pragma once
// Helpers shared by the UI tests: scenarios built in C++, bundled ones read
// from resources/scenarios, and a trace's text shown in a session.
#include <QCoreApplication>
#include <QFile>
#include <sstream>
#include <stdexcept>
#include <string>

#include "export/trace_file.h"
#include "i18n/language.h"
#include "live/session.h"
#include "model/scenario.h"
#include "scenario/loader.h"

namespace cs::ui::test {

// Back to English when it goes, whatever language a test installed (the
// app's language is the process's).
struct EnglishAfter {
    ~EnglishAfter() { Language::install(QStringLiteral("en")); }
};

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

// `s` shows the trace `text` (JSON lines) whole, as the app's Open does.
inline void showTrace(Session& s, const std::string& text, const std::string& title = "t") {
    std::istringstream in(text);
    TraceFile trace;
    if (!trace.read(in)) throw std::runtime_error("trace: " + trace.error()->what());
    s.loadTrace(std::move(trace.store()), trace.stubScenario(title), trace.runConfig(title));
    s.advanceTo(1e9);
}

}  // namespace cs::ui::test
