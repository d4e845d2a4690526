// coroscope-cli: run, check and expand scenario files without a display.
//
// Exit status: 0 when the scenario ran (a deadlock or a raising program is a
// normal outcome, reported in the trace and summary), 2 on bad input (one
// line on stderr: "error: <where>: <what>"), 1 on an internal error.
#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "command_line.h"
#include "exit_status.h"
#include "codegen/python_program.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "model/run_summary.h"
#include "export/trace_file.h"
#include "output_file.h"
#include "program/simulation.h"
#include "pictures.h"
#include "qt_sibling.h"
#include "scenario/loader.h"
#include "text/message_text.h"
#include "trace/async_sink.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_store.h"
#include "trace/tee_sink.h"

namespace {

using cs::cli::badInput;
using cs::cli::kExitBadInput;
using cs::cli::kExitInternal;
using cs::cli::kExitOk;

// `generated` (when given) says whether the tasks came from "generate".
std::optional<cs::Scenario> load(const std::string& file, int& status, bool* generated = nullptr) {
    if (cs::cli::ProgramRun::isProgram(file)) {
        status = badInput(file, "a Python program, not a scenario (coroscope-cli run or export runs it)");
        return std::nullopt;
    }
    cs::LoadResult r = cs::loadScenarioFile(file);
    if (generated) *generated = r.generated;
    if (r.ok()) return std::move(r.scenario);
    status = cs::cli::badScenario(file, r);
    return std::nullopt;
}

int runCommand(const std::string& file, const std::string& tracePath, bool wantSummary,
               const cs::cli::MemoryArgs& memory, const cs::EngineOptions& engine) {
    int status = kExitOk;
    bool generated = false;
    std::optional<cs::Scenario> scenario = load(file, status, &generated);
    if (!scenario) return status;
    // Refused before anything is written: no run that cannot fit is started.
    if (const auto why = cs::cli::MemoryGuard::check(*scenario, generated, memory)) return badInput("", *why);

    auto out = cs::cli::OutputFile::standardOutput();
    std::unique_ptr<cs::cli::OutputFile> traceFile;
    std::unique_ptr<cs::JsonlWriter> writer;
    if (tracePath == "-") {
        writer = std::make_unique<cs::JsonlWriter>(out->stream());
    } else if (!tracePath.empty()) {
        std::string error;
        traceFile = cs::cli::OutputFile::open(tracePath, error);
        if (!traceFile) return badInput(tracePath, error);
        writer = std::make_unique<cs::JsonlWriter>(traceFile->stream());
    }
    // The run's limit and collector, which its events do not repeat: a file
    // of the run shows them as the run does (docs/trace-extensions.md, "limiter").
    if (writer) writer->writeLine(cs::limiterLine(cs::limiterOf(*scenario)));

    // The run keeps its trace in memory, column by column, as the app does;
    // the summary is the run model's, metrics only (constant cost per event).
    // Both (and the JSONL writer) take the events on a second thread while
    // the engine runs.
    cs::RunModel summary(cs::RunConfig::forScenario(*scenario), cs::RunModel::Mode::MetricsOnly);
    auto store = std::make_unique<cs::TraceStore>();
    cs::TeeSink sinks{&summary};
    sinks.add(*store);
    if (writer) sinks.add(*writer);
    cs::AsyncSink sink(sinks);

    auto sim = std::make_unique<cs::Simulation>(std::move(*scenario), sink, engine);
    sim->run();
    sink.finish();
    // A process about to exit need not free a million tasks one by one:
    // the OS takes the memory back at once. (Sanitizer builds free them, so
    // that LeakSanitizer still sees real leaks.)
#if !defined(__SANITIZE_ADDRESS__)
    static_cast<void>(sim.release());
    static_cast<void>(store.release());
#endif

    // The trace file is renamed into place only when all of it was written.
    if (traceFile && traceFile->finish() != kExitOk) return kExitInternal;
    // Without --trace there is nothing else to show: print the summary anyway.
    if (wantSummary || tracePath.empty()) out->stream() << cs::RunSummary::json(summary).dump() << '\n';
    return out->finish();
}

// A .py program: run by the virtual-clock runner in its own process, then
// read back as any trace is (the summary from the run model of its events).
int programRunCommand(const std::string& file, const std::string& tracePath, bool wantSummary,
                      const cs::cli::ProgramArgs& args) {
    using cs::cli::ProgramRun;
    ProgramRun program;
    const ProgramRun::Outcome outcome = program.run(file, args);
    if (outcome == ProgramRun::Outcome::CannotRun || outcome == ProgramRun::Outcome::Internal)
        return ProgramRun::status(outcome);
    program.tell(args);
    cs::TraceFile trace;
    if (!trace.load(program.tracePath())) {
        const cs::TraceReadError err = trace.error().value_or(cs::TraceReadError{0, "cannot be read"});
        std::cerr << "internal error: the runner's trace of " << cs::MessageText::printable(file) << ": "
                  << err.what() << '\n';
        return kExitInternal;
    }
    auto out = cs::cli::OutputFile::standardOutput();
    if (!tracePath.empty()) {
        // The runner's own bytes, its extension lines included.
        std::unique_ptr<cs::cli::OutputFile> traceFile;
        std::string error;
        if (tracePath != "-" && !(traceFile = cs::cli::OutputFile::open(tracePath, error)))
            return badInput(tracePath, error);
        std::ifstream in(program.tracePath(), std::ios::binary);
        (traceFile ? traceFile->stream() : out->stream()) << in.rdbuf();
        if (traceFile && traceFile->finish() != kExitOk) return kExitInternal;
    }
    if (wantSummary || tracePath.empty()) {
        const std::string slash = file.substr(file.find_last_of('/') + 1);
        const cs::RunModel model = cs::RunModel::of(trace.store(), trace.runConfig(slash));
        nlohmann::ordered_json j = cs::RunSummary::json(model);
        j["python"] = program.interpreter();
        out->stream() << j.dump() << '\n';
    } else {
        std::cerr << "python: " << cs::MessageText::printable(program.interpreter()) << '\n';
    }
    const int written = out->finish();
    return written != kExitOk ? written : ProgramRun::status(outcome);
}

int checkCommand(const std::string& file) {
    int status = kExitOk;
    std::optional<cs::Scenario> scenario = load(file, status);
    if (!scenario) return status;
    auto out = cs::cli::OutputFile::standardOutput();
    out->stream() << "ok: " << scenario->tasks.size() << " tasks\n";
    return out->finish();
}

int pythonCommand(const std::string& file) {
    int status = kExitOk;
    std::optional<cs::Scenario> scenario = load(file, status);
    if (!scenario) return status;
    auto out = cs::cli::OutputFile::standardOutput();
    out->write(cs::pythonProgram(*scenario));
    return out->finish();
}

int expandCommand(const std::string& file) {
    int status = kExitOk;
    std::optional<cs::Scenario> scenario = load(file, status);
    if (!scenario) return status;
    auto out = cs::cli::OutputFile::standardOutput();
    out->write(cs::toJson(*scenario));
    out->stream() << '\n';
    return out->finish();
}

}  // namespace

int main(int argc, char** argv) {
    // Traces can be millions of lines: do not pay for C stdio synchronisation.
    std::ios::sync_with_stdio(false);
#if defined(__GLIBC__)
    // A fixed mmap threshold: by default glibc raises it after freeing a big
    // buffer (the ready queue of a million first steps), and the trace's
    // 128 KiB chunks then grow the heap instead of being mapped: 14 MB more
    // peak memory on the million-task benchmark.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif

    cs::cli::CommandLine line;
    if (const std::optional<int> status = cs::cli::CommandLine::parse(argc, argv, line)) return *status;

    // Pictures need Qt: the Qt-linked sibling does the whole command. Returns
    // only when it cannot be started; then the commands below say so.
    if (const char* sibling = cs::cli::pictures::qtSibling(); sibling && line.wantsPictures())
        cs::cli::execQtSibling(sibling, argv);

    try {
        using C = cs::cli::CommandLine::Command;
        switch (line.command) {
        case C::Run:
            if (cs::cli::ProgramRun::isProgram(line.file))
                return programRunCommand(line.file, line.tracePath, line.wantSummary, line.program);
            return runCommand(line.file, line.tracePath, line.wantSummary, line.memory,
                              cs::EngineOptions{.leanTasks = !line.coroutineJobs});
        case C::Check: return checkCommand(line.file);
        case C::Expand: return expandCommand(line.file);
        case C::Python: return pythonCommand(line.file);
        case C::Sweep: return cs::cli::SweepCommand::run(line.sweep);
        case C::Export: return cs::cli::ExportCommand::run(line.exportArgs);
        case C::Claims: return cs::cli::ClaimsCommand::run(line.claims);
        }
    } catch (const std::bad_alloc&) {
        // The estimate was overridden or wrong: say so, do not crash.
        std::cerr << "error: out of memory (the run needed more than this machine could give; "
                     "fewer tasks, or a machine with more memory)\n";
        return kExitInternal;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << cs::MessageText::printable(e.what()) << '\n';
        return kExitInternal;
    } catch (...) {
        std::cerr << "internal error: unknown exception\n";
        return kExitInternal;
    }
    return kExitInternal;  // unreachable: every command returns above
}
