#pragma once
// A spec section 4 trace file read back for showing or exporting: the events
// (TraceReader, which also keeps what a traced Python program adds: the task
// names, "name" on per-task lines, and the measured permits, {"ev":
// "permits", "value": n}), and whether the run is whole.
//
// Also decides whether a file is a trace or a scenario, for the app's Open
// and the CLI's export: *.jsonl / *.ndjson are traces; otherwise a file
// whose first non-blank line is a JSON object with an "ev" key is one.
#include <cstddef>
#include <istream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/run_config.h"
#include "model/run_model.h"
#include "model/scenario.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

namespace cs {

class TraceFile {
public:
    static bool looksLikeTrace(const std::string& path);
    // *.jsonl / *.ndjson (any case).
    static bool hasTraceSuffix(const std::string& path);
    // How much of a file's start looksLikeTraceText needs.
    static constexpr std::size_t kHeadBytes = TraceReader::kMaxLineBytes + 4096;
    // The same decision on the file's first bytes (at least its first
    // non-blank line, when it has one within TraceReader::kMaxLineBytes).
    static bool looksLikeTraceText(std::string_view head);

    // False on a bad line (error() says which); what came before it is kept.
    // With `buildModel`, the run model is built while the file is read, on
    // the thread that stores the lines (the other parses): takeModel().
    bool load(const std::string& path, bool buildModel = false);
    // Only the run model, in `mode` (what `export --csv/--chrome/--metrics`
    // needs): the events go to the model as they are read and are not
    // stored, so store() keeps the lanes and the file's ids but no events.
    // When the model built that way cannot be the trace's (lanes renumbered
    // after the read, or counting rules only the whole file tells:
    // takeModel), the file is read again with its events stored, and
    // takeModel() builds the model from them, as after load(path, true).
    bool loadModel(const std::string& path, RunModel::Mode mode);
    bool read(std::istream& in);

    const TraceStore& store() const { return store_; }
    TraceStore& store() { return store_; }
    // By lane, "" where the trace named none (store().taskId(lane) is the
    // file's id for the lane).
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<PermitSample>& permits() const { return permits_; }
    const std::vector<PrimitiveInfo>& primitives() const { return primitives_; }
    // What the program warned about (a virtual-clock runner's trace).
    const std::vector<RunnerWarning>& programWarnings() const { return programWarnings_; }
    std::size_t skipped() const { return skipped_; }  // lines of kinds the reader does not know
    const std::optional<TraceReadError>& error() const { return error_; }
    // No "end" line: the run was cut short (a killed program, a stream cut
    // off, the runner's stop). What is shown and exported is the run up to
    // its last event (a "stopped" line is one: EvKind::Stopped).
    bool partial() const { return partial_; }
    // The virtual-clock runner's "stopped" line, when it stopped the run
    // (then partial(): what is shown and exported is the run up to it).
    const std::optional<RunnerStop>& stop() const { return stop_; }
    // The "meta" line's word on how the trace was timed: a real clock (the
    // real-time tracer: RunConfig::realClock), and the Python that ran the
    // program ("" when the trace does not say).
    bool realClock() const { return realClock_; }
    const std::string& python() const { return python_; }
    // The "meta" line's "program": the traced Python program's file as its
    // runner named it (relative to where it ran; "" for a trace that names none).
    const std::string& program() const { return program_; }
    // The last line's number when the file ends in the middle of it (left
    // out: TraceReader::cutLine), else 0.
    std::size_t cutLine() const { return cutLine_; }
    // "partial run" when partial(), else "": what the CLI and the app say.
    std::string_view status() const { return partial_ ? std::string_view("partial run") : std::string_view(); }

    // What the run model needs beside the events: the title (with
    // " (partial run)" when partial), names, measured permits and the trace's
    // own task ids; the limit line comes from the trace's own limit events.
    RunConfig runConfig(const std::string& title) const;
    // The trace's run model, as RunModel::of(store(), runConfig(title))
    // makes it (in loadModel's mode after loadModel): the one built during
    // the read when it holds (same lanes, same counting rules), else built
    // now. Once.
    RunModel takeModel(const std::string& title);
    // A scenario to stand for the trace where one is expected (the app's
    // header and panels): one empty task per lane, the title (with
    // " (partial run)" when partial), no limit. Nothing runs it: the events
    // are the trace's. With more lanes than maxSpecs, no task specs at all:
    // the reader takes the task count from laneCount() (the app, whose
    // Session does: a million empty specs are 24 MB).
    Scenario stubScenario(const std::string& title,
                          std::size_t maxSpecs = std::numeric_limits<std::size_t>::max()) const;
    // The trace's lanes: 1 + its largest task (the stub's task count).
    std::size_t laneCount() const;

private:
    // runConfig's permits for a trace with a "limiter" line (the limit's own).
    void limiterPermits(RunConfig& c) const;
    // Builds followed_ from `reader`'s events as they are read (and from its limiter line).
    void follow(TraceReader& reader, RunModel::Mode mode);
    void take(TraceReader& reader, bool ok);
    std::string titled(const std::string& title) const;

    TraceStore store_;
    std::unique_ptr<RunModel> followed_;  // built during load(buildModel) or loadModel
    RunModel::Mode mode_ = RunModel::Mode::Full;
    bool renumbered_ = false;
    std::vector<std::string> names_;
    std::vector<PermitSample> permits_;
    std::vector<PrimitiveInfo> primitives_;
    std::vector<RunnerWarning> programWarnings_;
    std::vector<std::uint8_t> neverAsked_;  // by lane: no `request` line
    std::vector<std::uint8_t> queueWorkers_;  // by lane: a `queue_worker` line (TraceReader::queueWorkers)
    std::vector<std::uint8_t> poolObjects_;   // by lane: a `pool_object` line (TraceReader::poolObjects)
    // What its lines show the run had (TraceReader::saw, semaphoresMade):
    // the run config's canHave and semaphoresMade.
    RunConfig::CanHave canHave_;
    std::int64_t semaphores_ = 0;
    std::int64_t privateSemaphores_ = 0;
    std::optional<Limiter> limiter_;  // the engine's "limiter" line (TraceReader::limiter)
    std::size_t skipped_ = 0;
    std::optional<TraceReadError> error_;
    bool partial_ = false;
    std::optional<RunnerStop> stop_;
    bool realClock_ = false;  // the "meta" line says "clock": "real"
    bool acquiresTold_ = false;  // the "meta" line says "acquires": true
    std::string python_;
    std::string program_;
    std::size_t cutLine_ = 0;
};

}  // namespace cs
