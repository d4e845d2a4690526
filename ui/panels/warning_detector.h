#pragma once
// Pitfalls a run shows, found from its trace and scenario (no widgets):
// blocking calls, deadlocks, swallowed cancellation, per-task semaphores,
// tasks cancelled at exit, overload rejections.
#include <QString>
#include <vector>

#include "model/scenario.h"

namespace cs::ui {

class TimelineModel;

struct Warning {
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    QString title;    // one line
    QString detail;   // what it means, what to do
    long long task = -1;  // the task to select, if any
    double t = -1.0;      // the instant to show, if any
    bool operator==(const Warning&) const = default;
};

// A blocking (cpu) step longer than this freezes the loop noticeably; asyncio
// debug mode warns from 100 ms (loop.slow_callback_duration).
inline constexpr double kSlowCallbackSeconds = 0.1;

std::vector<Warning> detectWarnings(const TimelineModel& model, const Scenario& scenario);

}  // namespace cs::ui
