#pragma once
// How virtual times and durations are written everywhere in the UI.
#include <QString>

namespace cs::ui {

// An instant on the axis, with as many decimals as the tick step needs
// ("1.25 s"). step <= 0 picks a precision for a single readout.
QString formatTime(double t, double step = 0.0);
// A duration scaled to a readable unit ("350 ms", "1.20 s", "12 µs").
QString formatDuration(double seconds);
// A rate per second ("12.50 /s", "12,545.3 /s", the locale's separators):
// the Metrics panel's recent throughput and the timeline's "Done per
// second" read alike.
QString formatRate(double perSecond);
// What the run's clock is called on the ruler, the Metrics chart's axis and
// the status bar: "virtual time", or "real time" for a trace the real-time
// tracer timed with a real clock (RunConfig::realClock).
QString clockName(bool realClock);

}  // namespace cs::ui
