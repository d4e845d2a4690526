#pragma once
// The pitfalls a run shows, worded for the Warnings panel: the facts come
// from core (RunWarnings::detect on the session's run model); this only
// turns each into a translated title and explanation (no widgets).
#include <QString>
#include <vector>

#include "model/run_warnings.h"
#include "model/scenario.h"
#include "pyrun/runner_report.h"

namespace cs {
class RunModel;
}

namespace cs::ui {

struct Warning {
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    QString title;    // one line
    QString detail;   // what it means, what to do
    long long task = -1;  // the task to select, if any
    double t = -1.0;      // the instant to show, if any
    int line = 0;         // the program's line it concerns (a program run on the virtual clock), if any
    bool operator==(const Warning&) const = default;
};

// A blocking (cpu) step longer than this freezes the loop noticeably.
inline constexpr double kSlowCallbackSeconds = RunWarnings::kSlowCallbackSeconds;

std::vector<Warning> detectWarnings(const RunModel& run, const Scenario& scenario);
// One of core's warnings in the app's words (`run`, if given, names the
// program's Semaphores and Locks; else they are numbers).
Warning wordWarning(const RunWarning& w, const RunModel* run = nullptr);
// A note of the program's run (its `warning` line) as the app says it: the
// runner's deadlock and clock-tie notes worded from their data in the app's
// language, others (Python's own warnings, asyncio's logs) as Python said them.
QString programNoteText(const RunnerWarning& w);

}  // namespace cs::ui
