#include "lessons/lesson_run.h"

#include "program/simulation.h"

namespace cs::lessons {

LessonRun::LessonRun(const Scenario& scenario) : store_(std::make_unique<TraceStore>()) {
    Simulation sim(scenario, *store_);
    sim.run();
    facts_ = std::make_unique<TraceStoreFacts>(*store_);
}

}  // namespace cs::lessons
