#include "live/session.h"

#include <algorithm>
#include <cmath>

#include "model/kinds.h"

namespace cs::ui {

namespace {
// Pre-running a scenario to learn its length is cheap up to this size; past
// it the axis grows with the run instead.
constexpr std::size_t kMaxPreRunTasks = 20000;

}  // namespace

Session::Session(QObject* parent) : QObject(parent) { model_.setSource(&events_); }

Session::~Session() = default;

void Session::setTexts(std::string title, std::string description) {
    scenario_.title = std::move(title);
    scenario_.description = std::move(description);
}

void Session::relabel(std::string title, std::string description) {
    scenario_.title = std::move(title);
    authored_.description = std::move(description);
    describeOnlyAsAuthored();
}

void Session::load(Scenario scenario) {
    hideHorizon_ = hideNext_;
    hideNext_ = false;
    trace_.reset();
    recorded_.reset();
    scenario_ = std::move(scenario);
    authored_.description = scenario_.description;
    authored_.i18n = scenario_.i18n;
    authored_.limit = scenario_.limit;
    authored_.collect = scenario_.collect;
    restart();
}

void Session::describeOnlyAsAuthored() {
    const bool same = scenario_.collect == authored_.collect && scenario_.limit.kind == authored_.limit.kind;
    scenario_.description = same ? authored_.description : std::string();
    for (auto& [lang, text] : scenario_.i18n) {
        const auto it = authored_.i18n.find(lang);
        text.description = same && it != authored_.i18n.end() ? it->second.description : std::string();
    }
}

void Session::showHorizon() {
    if (!hideHorizon_) return;
    hideHorizon_ = false;
    if (!trace_) computeHorizon();
}

void Session::loadTrace(TraceStore trace, Scenario stub, RunConfig config, std::optional<RunModel> model) {
    hideHorizon_ = hideNext_ = false;
    scenario_ = std::move(stub);
    trace_ = std::make_shared<const TraceStore>(std::move(trace));
    // A stub without specs stands for every lane of the trace.
    traceTasks_ = scenario_.tasks.empty() ? static_cast<std::size_t>(std::max(trace_->maxTask() + 1, 0))
                                          : scenario_.tasks.size();
    // Opened to be read: show all of it at once (Play replays it from 0),
    // the recorder sharing the trace's store rather than copying it, and
    // taking the run model built as the file was read (or built here). The
    // recorder is never configured empty first: for a trace that would be
    // a row for every lane, written and thrown away (56 MB a million tasks).
    startOver(model ? std::move(*model) : RunModel::of(*trace_, std::move(config)));
    advanceTo(horizon_);
}

std::size_t Session::taskCount() const { return trace_ ? traceTasks_ : scenario_.tasks.size(); }

Scenario Session::scenarioWithSpecs() const {
    Scenario s = scenario_;
    if (s.tasks.size() < taskCount()) s.tasks.resize(taskCount());
    return s;
}

void Session::restart() { startOver(std::nullopt); }

void Session::startOver(std::optional<RunModel> whole) {
    sim_.reset();
    events_.reset();
    // A trace replays under the configuration its run model was shown with
    // (the file's names, ids, permits): reset() keeps it, so it has one home.
    if (whole)
        events_.showWhole(trace_, std::move(*whole));
    else if (trace_)
        events_.replay(trace_);
    else
        events_.configure(RunConfig::forScenario(scenario_));
    model_.configure(scenario_);
    if (trace_) {
        live_ = 0.0;
        reportedEnd_ = false;
        horizon_ = trace_->empty() ? 0.0 : trace_->timeAt(trace_->size() - 1);
        model_.setNow(0.0);
        sync();
        emit restarted();
        return;
    }
    sim_ = std::make_unique<Simulation>(scenario_, events_);
    live_ = 0.0;
    reportedEnd_ = false;
    computeHorizon();
    model_.setNow(0.0);
    sync();
    emit restarted();
}

void Session::computeHorizon() {
    horizon_ = std::nan("");
    if (hideHorizon_ || scenario_.tasks.size() > kMaxPreRunTasks) return;
    NullSink null;
    Simulation pre(scenario_, null);
    pre.run();
    horizon_ = pre.now();
}

void Session::setCollect(const Collect& collect) {
    if (trace_) return;  // a recorded trace cannot be run another way
    scenario_.collect = collect;
    describeOnlyAsAuthored();
    restart();
}

void Session::setLimitConfig(const Limit& limit) {
    if (trace_) return;
    scenario_.limit = limit;
    describeOnlyAsAuthored();
    restart();
}

std::int64_t Session::currentLimit() const {
    if (model_.hasLimitLine() && model_.limit().size() > 0) return model_.limit().valueAtTime(live_);
    return limitSize(scenario_.limit);
}

bool Session::setLimit(std::int64_t n) {
    if (trace_) return false;
    if (n < 1) n = 1;
    if (sim_ && !sim_->finished() && limitKindInfo(scenario_.limit.kind).takesSchedule) {
        auto& sched = scenario_.limit.schedule;
        // After a restart the recorded resizes replay; a new one made earlier
        // than some of them takes over from here, like recording over a tape.
        const bool future = !sched.empty() && sched.back().at > live_;
        if (!future && sim_->now() == live_ && sim_->setLimit(n)) {
            // The engine recorded {now, n} and replayed through the sink.
            sched = sim_->scenario().limit.schedule;
        } else {
            // The loop's clock stands at its last iteration, which can lag the
            // live time by a frame; resize at the live time the user sees, by
            // the same replay Simulation::setLimit does.
            std::erase_if(sched, [this](const ScheduleEntry& e) { return e.at > live_; });
            sched.push_back({live_, n});
            sim_.reset();
            events_.reset();
            sim_ = std::make_unique<Simulation>(scenario_, events_);
            sim_->runUntil(live_);
        }
        computeHorizon();
        sync();
        emit limitChanged(n);
        return false;
    }
    Limit& l = scenario_.limit;
    l.schedule.clear();
    if (l.kind == LimitKind::Adaptive) n = std::clamp(n, l.min, l.max);  // its starting limit
    l.*limitKindInfo(l.kind).size = n;
    restart();
    emit limitChanged(n);
    return true;
}

void Session::advanceTo(double t) {
    if (trace_) {
        events_.revealTo(t);
        live_ = finished() ? horizon_ : std::max(t, live_);
        sync();
        return;
    }
    if (!sim_) return;
    if (!sim_->finished()) sim_->runUntil(t);
    live_ = sim_->finished() ? sim_->now() : std::max(t, sim_->now());
    sync();
}

bool Session::stepIteration() {
    if (trace_) return stepToNextEvent();
    if (!sim_ || sim_->finished()) return false;
    const bool more = sim_->step();
    live_ = std::max(live_, sim_->now());
    if (sim_->finished()) live_ = sim_->now();
    sync();
    return more;
}

bool Session::stepToNextEvent() {
    if (trace_) {
        // A trace has no loop iterations to step: the next instant with events.
        if (finished()) return false;
        const double t = events_.nextTime();
        events_.revealTo(t);
        live_ = std::max(live_, t);
        sync();
        return !finished();
    }
    if (!sim_) return false;
    const std::size_t before = events_.size();
    while (!sim_->finished() && events_.size() == before) sim_->step();
    live_ = std::max(live_, sim_->now());
    if (sim_->finished()) live_ = sim_->now();
    sync();
    return !sim_->finished();
}

bool Session::finished() const {
    if (trace_) return events_.revealedAll();
    return !sim_ || sim_->finished();
}

LoopSnapshot Session::snapshot() const { return sim_ ? sim_->snapshot() : LoopSnapshot{}; }

std::unique_ptr<Simulation> Session::replayTo(double t, TraceSink& sink) const {
    // A trace has no program to replay: an empty one stands in for it.
    auto sim = std::make_unique<Simulation>(trace_ ? Scenario{} : scenario_, sink);
    sim->runUntil(t);
    return sim;
}

void Session::sync() {
    model_.sync();
    model_.setNow(live_);
    emit advanced();
    if (finished() && !reportedEnd_) {
        reportedEnd_ = true;
        emit runFinished();
    }
}

}  // namespace cs::ui
