// coroscope-cli: run, check and expand scenario files without a display.
//
// Exit status: 0 when the scenario ran (a deadlock or a raising program is a
// normal outcome, reported in the trace and summary), 2 on bad input (one
// line on stderr: "error: <where>: <what>"), 1 on an internal error.
#include <CLI/CLI.hpp>

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

#include "claims_command.h"
#include "codegen/python_program.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "model/run_summary.h"
#include "export/trace_file.h"
#include "export_command.h"
#include "memory_guard.h"
#include "output_file.h"
#include "program/simulation.h"
#include "program_run.h"
#include "qt_sibling.h"
#include "sweep_command.h"
#include "scenario/loader.h"
#include "text/message_text.h"
#include "trace/async_sink.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_store.h"
#include "trace/tee_sink.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

constexpr const char* kFooter = R"(
Examples:
  coroscope-cli run scenario.json                   print the summary (one JSON line)
  coroscope-cli run scenario.json --trace out.jsonl write the trace (spec section 4)
  coroscope-cli run scenario.json --trace - | head  the trace on stdout
  coroscope-cli run scenario.json --trace out.jsonl --summary
  coroscope-cli run program.py [--trace out.jsonl]   your asyncio program on the virtual clock (python3 3.11)
  coroscope-cli check scenario.json                 "ok: N tasks" or the first error
  coroscope-cli expand generated.json > tasks.json  explicit task list of a `generate` file
  coroscope-cli python scenario.json > program.py   the Python 3.11 program it denotes
  coroscope-cli export scenario.json --chrome run.json  Chrome/Perfetto JSON (also --csv, --png, --svg)
  coroscope-cli export trace.jsonl --png timeline.png   a trace (e.g. python3 -m coroscope_trace) drawn
  coroscope-cli claims lesson.json [--trace T.jsonl]   a lesson's claims checked against a run

Exit status: 0 ran (a deadlock or a raising program is a normal outcome),
2 bad input (a .py program: also a SyntaxError or a Python other than 3.11),
1 internal error; run/export of a .py program: 3 when the runner stopped it
(a budget, real I/O, a blocking call); claims: 3 when a claim fails or a
text spoils the answer.)";

// Bad input: one line naming where and what; the caller returns kExitBadInput.
int badInput(const std::string& where, const std::string& what) {
    // Escaped: file content and arguments may hold any bytes (MessageText).
    std::cerr << "error: " << cs::MessageText::printable(where.empty() ? what : where + ": " + what) << '\n';
    return kExitBadInput;
}

// `generated` (when given) says whether the tasks came from "generate".
std::optional<cs::Scenario> load(const std::string& file, int& status, bool* generated = nullptr) {
    if (cs::cli::ProgramRun::isProgram(file)) {
        status = badInput(file, "a Python program, not a scenario (coroscope-cli run or export runs it)");
        return std::nullopt;
    }
    cs::LoadResult r = cs::loadScenarioFile(file);
    if (generated) *generated = r.generated;
    if (r.ok()) return std::move(r.scenario);
    // Field errors name the field ("tasks[3].steps[0].io: must be >= 0");
    // whole-file errors name the file instead (once: read errors already do).
    const cs::LoadError err = r.error.value_or(cs::LoadError{"", "could not be loaded"});
    if (!err.path.empty())
        status = badInput(err.path, err.message);
    else if (err.message.rfind(file + ": ", 0) == 0)
        status = badInput("", err.message);
    else
        status = badInput(file, err.message);
    return std::nullopt;
}

int runCommand(const std::string& file, const std::string& tracePath, bool wantSummary,
               const cs::cli::MemoryArgs& memory) {
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

    auto sim = std::make_unique<cs::Simulation>(std::move(*scenario), sink);
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

    CLI::App app{"coroscope-cli: run asyncio scenarios on a virtual clock with CPython 3.11's semantics"};
    app.footer(kFooter);
    app.set_version_flag("--version", "coroscope-cli " COROSCOPE_VERSION);
    app.require_subcommand(1);

    std::string file, tracePath;
    bool wantSummary = false;

    CLI::App* run = app.add_subcommand("run", "Run a scenario to the end");
    run->add_option("FILE", file, "Scenario file (coroscope-scenario/1), or a Python 3.11 asyncio program (.py)")
        ->required();
    run->add_option("--trace", tracePath, "Write the trace as JSON lines to OUT ('-' = stdout)")
        ->type_name("OUT");
    run->add_flag("--summary", wantSummary, "Print the summary as one JSON line on stdout");
    cs::cli::MemoryArgs memoryArgs;
    cs::cli::MemoryGuard::addOptions(*run, memoryArgs);
    cs::cli::ProgramArgs programArgs;
    cs::cli::ProgramArgs::add(run, programArgs);

    CLI::App* check = app.add_subcommand("check", "Validate a scenario file");
    check->add_option("FILE", file, "Scenario file")->required();

    CLI::App* expand = app.add_subcommand("expand", "Print a scenario with an explicit task list");
    expand->add_option("FILE", file, "Scenario file")->required();

    CLI::App* python = app.add_subcommand("python", "Print the Python 3.11 program a scenario denotes "
                                                    "(runs in real time, or with --trace OUT on a virtual clock)");
    python->add_option("FILE", file, "Scenario file")->required();

    cs::cli::SweepArgs sweepArgs;
    CLI::App* sweep = cs::cli::SweepCommand::add(app, sweepArgs);

    cs::cli::ExportArgs exportArgs;
    CLI::App* exportCmd = cs::cli::ExportCommand::add(app, exportArgs);

    cs::cli::ClaimsArgs claimsArgs;
    CLI::App* claims = cs::cli::ClaimsCommand::add(app, claimsArgs);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << cs::MessageText::printable(e.what()) << " (see --help)\n";
        return kExitBadInput;
    }

#if defined(COROSCOPE_QT_SIBLING)
    // Pictures need Qt: the Qt-linked sibling does the whole command. Returns
    // only when it cannot be started; then the commands below say so.
    if ((*exportCmd && (!exportArgs.pngPath.empty() || !exportArgs.svgPath.empty())) ||
        (*sweep && !sweepArgs.pngPath.empty()))
        cs::cli::execQtSibling(COROSCOPE_QT_SIBLING, argv);
#endif

    try {
        if (*run && cs::cli::ProgramRun::isProgram(file))
            return programRunCommand(file, tracePath, wantSummary, programArgs);
        if (*run) return runCommand(file, tracePath, wantSummary, memoryArgs);
        if (*check) return checkCommand(file);
        if (*expand) return expandCommand(file);
        if (*python) return pythonCommand(file);
        if (*sweep) return cs::cli::SweepCommand::run(sweepArgs);
        if (*exportCmd) return cs::cli::ExportCommand::run(exportArgs);
        if (*claims) return cs::cli::ClaimsCommand::run(claimsArgs);
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
    return kExitInternal;  // unreachable: require_subcommand(1)
}
