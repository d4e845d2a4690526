#pragma once
// One live run the app shows: the scenario, the Simulation stepping it, the
// event columns it writes and the TimelineModel read from them. Commands only
// (run until, step, resize, restart); what asyncio does is the engine's call.
#include <QObject>
#include <memory>
#include <optional>
#include <string>

#include "model/scenario.h"
#include "program/simulation.h"
#include "timeline/trace_recorder.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // A new scenario (file, example, workload): restart from t = 0.
    void load(Scenario scenario);
    // A recorded trace (a .jsonl file, a traced Python program) shown
    // read-only, whole at once: nothing runs. Playing after a restart
    // reveals its events in time order up to the live time; limit and
    // collector changes are ignored. `stub` stands for the scenario in the
    // header and panels (TraceFile::stubScenario); `config` is what the
    // trace adds for the run model (TraceFile::runConfig: names, permits).
    // `model`, when given, is the trace's run model under `config`, built
    // as it was read (TraceFile::takeModel): not built again. A stub of a
    // trace with more than kStubSpecsUpTo lanes may come without task specs
    // (TraceFile::stubScenario(title, kStubSpecsUpTo)): taskCount() is then
    // the trace's lanes, and scenarioWithSpecs() the stub with its empty
    // specs for the few readers that need them (the Limit lab, the program
    // saved as .py).
    void loadTrace(TraceStore trace, Scenario stub, RunConfig config = {}, std::optional<RunModel> model = std::nullopt);
    bool isTrace() const { return trace_ != nullptr; }
    // A trace that names its run's limit and collector (an engine run's
    // "limiter" line): scenario() holds them, as the run had them.
    bool traceTellsLimiter() const { return trace_ && run().config().limiter.has_value(); }
    // Up to this many lanes, a trace's stub keeps its (empty) task specs: the
    // panels that read specs (the code panel's program and its line
    // locator, the loop anatomy's replay) show traces up to this size only.
    static constexpr std::size_t kStubSpecsUpTo = 20000;
    // The tasks the scenario on screen has: a trace's lanes, else its specs.
    std::size_t taskCount() const;
    // scenario() with a task spec for each of taskCount() tasks (a copy).
    Scenario scenarioWithSpecs() const;
    // The same scenario from t = 0, live resizes recorded so far included
    // (a recorded session replays exactly).
    void restart();
    // The same workload under another collector / limiter: restart.
    void setCollect(const Collect& collect);
    void setLimitConfig(const Limit& limit);
    // Live resize of a Semaphore at the live time: recorded in the scenario's
    // schedule, the run replays to now with it (Simulation::setLimit). When
    // the run has ended or the kind cannot be resized live, the scenario's
    // limit parameter changes and the run restarts (returns true: the
    // caller decides whether the new run plays). Emits limitChanged.
    bool setLimit(std::int64_t n);
    // The limit in force at the live time (semaphore value, workers, ...).
    std::int64_t currentLimit() const;

    // Run everything due up to virtual time t; the live time becomes t (or
    // the end time once the program ended).
    void advanceTo(double t);
    // One iteration of the event loop (Simulation::step).
    bool stepIteration();
    // Iterations until at least one event is appended (or the end).
    bool stepToNextEvent();

    double liveTime() const { return live_; }
    bool finished() const;
    // Expected end of the run (a quick pre-run) so the axis does not keep
    // rescaling; NaN when the scenario is too large to pre-run, or hidden.
    double horizon() const { return horizon_; }
    // A lesson's question may be about how long the run takes, and an axis
    // that ends where the run will end gives it away: the next load() hides
    // the horizon (NaN: the axis grows with the run) until showHorizon().
    // Any other load shows it again.
    void hideNextHorizon() { hideNext_ = true; }
    void showHorizon();
    bool horizonHidden() const { return hideHorizon_; }
    const Scenario& scenario() const { return scenario_; }
    // A traced Python program's own code, shown with its trace (the Code
    // panel) instead of a program generated from the trace's stand-in
    // scenario, which is not the program that ran: `name` as the trace's
    // meta line names it, `path` the file found for it beside the trace
    // ("" when none was), `text` that file's text as it reads now. Set
    // before loadTrace(); load() drops it.
    struct RecordedProgram {
        std::string name, path, text;
    };
    void setRecordedProgram(std::optional<RecordedProgram> program) { recorded_ = std::move(program); }
    // The program of the trace on show (none for a scenario, or a trace whose meta names none).
    const RecordedProgram* recordedProgram() const { return isTrace() && recorded_ ? &*recorded_ : nullptr; }
    // The scenario's title and description only (another language's words
    // for a trace on show): the run is not touched; the caller redraws.
    void setTexts(std::string title, std::string description);
    // The loaded scenario in other words (a lesson's, in another language):
    // its title, and the description it was authored with, shown while the
    // limit and collect kinds are still the authored ones. The run is not touched.
    void relabel(std::string title, std::string description);
    const Simulation* simulation() const { return sim_.get(); }
    LoopSnapshot snapshot() const;
    TimelineModel* model() { return &model_; }
    const TimelineModel* model() const { return &model_; }
    const TraceRecorder& events() const { return events_; }
    // The facts of the run so far (core's run model, fed with the events).
    const RunModel& run() const { return events_.run(); }

    // A fresh Simulation of the same scenario (resizes included) run to t:
    // what rewinding to t must show.
    std::unique_ptr<Simulation> replayTo(double t, TraceSink& sink) const;

signals:
    void restarted();
    void advanced();
    void limitChanged(std::int64_t n);
    void runFinished();

private:
    void sync();
    void computeHorizon();
    // restart(), or (`whole`: the run model of trace_, all of it) the
    // recorder showing the whole trace at once instead of an empty run.
    void startOver(std::optional<RunModel> whole);

    Scenario scenario_;
    // The scenario as loaded: its description was written for its own limit
    // kind and collector, and is shown only while they are the ones on
    // screen (switching either hides it; switching back restores it).
    Scenario authored_;
    void describeOnlyAsAuthored();
    TraceRecorder events_;
    TimelineModel model_;
    std::unique_ptr<Simulation> sim_;
    double live_ = 0.0;
    double horizon_ = 0.0;
    bool reportedEnd_ = false;
    bool hideNext_ = false;     // the next load() hides the horizon
    bool hideHorizon_ = false;  // horizon() is NaN until showHorizon()
    std::shared_ptr<const TraceStore> trace_;  // trace mode: the whole recorded run
    std::size_t traceTasks_ = 0;                // trace mode: its lanes (taskCount())
    std::optional<RecordedProgram> recorded_;   // trace mode: a traced program's code (recordedProgram())
};

}  // namespace cs::ui
