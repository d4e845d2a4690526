#include "program/simulation.h"

#include <limits>

#include "model/kinds.h"
#include "program/program.h"

namespace cs {

Simulation::Simulation(Scenario scenario, TraceSink& sink, EngineOptions options)
    : scenario_(std::move(scenario)),
      sink_(&sink),
      options_(options),
      program_(std::make_unique<detail::Program>(scenario_, sink, options_)) {}

Simulation::~Simulation() = default;

bool Simulation::step() { return program_->step(); }

void Simulation::runUntil(double t) {
    while (!program_->finished() && program_->nextTime() <= t) program_->step();
}

void Simulation::run() { program_->runToEnd(); }

double Simulation::now() const { return program_->now(); }
bool Simulation::finished() const { return program_->finished(); }
double Simulation::nextTime() const { return program_->nextTime(); }
std::uint64_t Simulation::iterations() const { return program_->iterations(); }
const Scenario& Simulation::scenario() const { return scenario_; }
const Symbols& Simulation::symbols() const { return program_->symbols(); }
LoopSnapshot Simulation::snapshot() const { return program_->snapshot(); }

bool Simulation::setLimit(std::int64_t n) {
    if (!limitKindInfo(scenario_.limit.kind).takesSchedule || n < 0) return false;
    double at = program_->now();
    auto& sched = scenario_.limit.schedule;
    if (!sched.empty() && sched.back().at > at) at = sched.back().at;
    sched.push_back(ScheduleEntry{at, n});
    // Replay from t = 0 with the new schedule: the run stays exactly what
    // the saved scenario will produce.
    program_.reset();
    sink_->reset();
    program_ = std::make_unique<detail::Program>(scenario_, *sink_, options_);
    runUntil(at);
    return true;
}

}  // namespace cs
