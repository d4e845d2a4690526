#pragma once
// The story of one task up to an instant, as rich text for the Tasks panel:
// its state history, how long it waited and ran, and whose release handed it
// its permit (and whom its own release woke).
#include <QString>
#include <cstddef>

namespace cs::ui {

class TimelineModel;

QString taskStory(const TimelineModel& model, std::size_t task, double t);

}  // namespace cs::ui
