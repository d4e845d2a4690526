#include "export_command.h"

#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "exit_status.h"
#include "export/chrome_trace_writer.h"
#include "export/csv_writer.h"
#include "export/trace_file.h"
#include "output_file.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "model/run_summary.h"
#include "model/run_warnings.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "pictures.h"
#include "qt_sibling.h"
#include "text/message_text.h"
#include "trace/trace_store.h"


namespace cs::cli {

namespace {


std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What to draw and export: the events, what the run model needs beside them,
// and a scenario for the timeline's counting rules (the real one, or a
// trace's stand-in).
struct Input {
    TraceStore store;  // a trace's events only when a picture is drawn (else its lanes and ids)
    RunConfig config;
    Scenario scenario;
    std::optional<RunModel> model;  // a trace's, built while it was read
};

// What the outputs of `args` read: the events only for the pictures; the
// run model in Tables mode when the CSV tables are all it writes.
bool needsEvents(const ExportArgs& args) { return !args.pngPath.empty() || !args.svgPath.empty(); }
RunModel::Mode modelMode(const ExportArgs& args) {
    return args.chromePath.empty() && args.metricsPath.empty() && !needsEvents(args) ? RunModel::Mode::Tables
                                                                                      : RunModel::Mode::Full;
}

std::optional<Input> loadInput(const std::string& file, const MemoryArgs& memory, const ProgramArgs& programArgs,
                               bool needEvents, RunModel::Mode mode, int& status) {
    Input in;
    // A program is run first; its trace is then read as any trace.
    ProgramRun program;
    if (ProgramRun::isProgram(file)) {
        const ProgramRun::Outcome outcome = program.run(file, programArgs);
        status = ProgramRun::status(outcome);
        if (outcome == ProgramRun::Outcome::CannotRun || outcome == ProgramRun::Outcome::Internal) return std::nullopt;
        program.tell(programArgs);
    }
    const std::string traceName = program.tracePath().empty() ? file : program.tracePath();
    if (!program.tracePath().empty() || TraceFile::looksLikeTrace(file)) {
        TraceFile trace;
        // Without pictures the events go to the run model only (no copy
        // kept: a million-task trace's store is 68 MB).
        if (!(needEvents ? trace.load(traceName, true) : trace.loadModel(traceName, mode))) {
            const TraceReadError err = trace.error().value_or(TraceReadError{0, "cannot be read"});
            // Whole-file errors already name the file.
            status = err.line == 0 ? badInput("", err.message) : badInput(file, err.what());
            return std::nullopt;
        }
        // Said, not hidden: what follows shows the run up to its last event.
        // (A stopped program has said so already.)
        if (trace.partial() && program.tracePath().empty()) {
            std::cerr << "note: " << MessageText::printable(file) << ": partial run (";
            if (trace.cutLine() > 0)
                std::cerr << "the file ends in the middle of line " << trace.cutLine()
                          << ", left out: the run was cut short";
            else if (trace.stop())
                std::cerr << "the runner stopped it: " << MessageText::printable(trace.stop()->message);
            else if (std::error_code ec; std::filesystem::file_size(traceName, ec) == 0 && !ec)
                std::cerr << "the file is empty: the run was cut short before its first line was written";
            else
                std::cerr << "no \"end\" line: the run was cut short";
            std::cerr << ")\n";
        }
        in.config = trace.runConfig(baseName(file));
        in.scenario = trace.stubScenario(baseName(file));
        in.model.emplace(trace.takeModel(baseName(file)));
        in.store = std::move(trace.store());
        return in;
    }
    LoadResult r = loadScenarioFile(file);
    if (!r.ok()) {
        status = badScenario(file, r);
        return std::nullopt;
    }
    in.scenario = std::move(*r.scenario);
    if (const auto why = MemoryGuard::check(in.scenario, r.generated, memory)) {
        status = badInput("", *why);
        return std::nullopt;
    }
    in.config = RunConfig::forScenario(in.scenario);
    Simulation sim(in.scenario, in.store);
    sim.run();
    return in;
}

// Opens `path`, lets `fill` write the content, and commits it: the file
// appears whole or not at all (OutputFile).
template <class Fn>
int writeFile(const std::string& path, Fn fill) {
    std::string error;
    auto out = OutputFile::open(path, error);
    if (!out) return badInput(path, error);
    fill(out->stream());
    if (out->finish() != kExitOk) return kExitInternal;
    std::cerr << "wrote " << path << '\n';
    return kExitOk;
}

int writeImage(const Input& in, const std::string& path, bool svg, int width, int height) {
    if (!pictures::drawn())
        return badInput(svg ? "--svg" : "--png", picturesUnavailable() + "; --chrome and --csv work without it");
    std::string bytes, error;
    if (!pictures::timeline(in.store, in.scenario, in.config, svg, width, height, bytes, error)) {
        std::cerr << "error: " << path << ": " << error << '\n';
        return kExitInternal;
    }
    return writeFile(path, [&](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

}  // namespace

int ExportCommand::run(const ExportArgs& args) {
    int status = kExitOk;
    const RunModel::Mode mode = modelMode(args);
    std::optional<Input> in = loadInput(args.file, args.memory, args.program, needsEvents(args), mode, status);
    if (!in) return status;
    // The process ends after the export: it need not free a million tasks
    // one by one (as `run` does not). Sanitizer builds free them, so that
    // LeakSanitizer still sees real leaks.
    struct KeptUntilExit {
        std::optional<Input>& in;
        ~KeptUntilExit() {
#if !defined(__SANITIZE_ADDRESS__)
            static_cast<void>(new std::optional<Input>(std::move(in)));
#endif
        }
    } kept{in};
    const int ranStatus = status;  // a stopped program: 3 once all is written

    // Every export reads the one run model of these events.
    std::optional<RunModel>& model = in->model;
    if (!model && (!args.chromePath.empty() || !args.csvPath.empty() || !args.metricsPath.empty()))
        model.emplace(RunModel::of(in->store, in->config, mode));
    if (!args.chromePath.empty()) {
        status = writeFile(args.chromePath, [&](std::ostream& out) { ChromeTraceWriter::write(out, *model); });
        if (status != kExitOk) return status;
    }
    if (args.csvPath == "-") {
        // The tasks table on stdout; its metric series have no file name to
        // go beside (OUT-metrics.csv would be "--metrics.csv" here).
        status = writeFile(args.csvPath, [&](std::ostream& out) { CsvWriter::writeTasks(out, *model); });
        if (status != kExitOk) return status;
        std::cerr << "note: the metric series are written only beside a named file (--csv OUT.csv: "
                     "OUT-metrics.csv)\n";
    } else if (!args.csvPath.empty()) {
        // The metric series are written on another thread while the tasks
        // table is; both files appear whole or not at all, reported in order.
        const std::string metricsPath = CsvWriter::metricsPathFor(args.csvPath);
        std::string error;
        const std::unique_ptr<OutputFile> metrics = OutputFile::open(metricsPath, error);
        if (!metrics) return badInput(metricsPath, error);
        std::thread series([&] { CsvWriter::writeMetrics(metrics->stream(), *model); });
        status = writeFile(args.csvPath, [&](std::ostream& out) { CsvWriter::writeTasks(out, *model); });
        series.join();
        if (status != kExitOk) return status;
        if (metrics->finish() != kExitOk) return kExitInternal;
        std::cerr << "wrote " << metricsPath << '\n';
    }
    if (!args.metricsPath.empty()) {
        nlohmann::ordered_json j = RunSummary::metricsJson(*model);
        j["warnings"] = RunWarnings::json(RunWarnings::detect(*model, in->scenario));
        if (args.metricsPath == "-") {
            auto out = OutputFile::standardOutput();
            out->stream() << j.dump(1) << '\n';
            status = out->finish();
            if (status != kExitOk) return status;
        } else {
            status = writeFile(args.metricsPath, [&](std::ostream& out) { out << j.dump(1) << '\n'; });
            if (status != kExitOk) return status;
        }
    }
    if (!args.pngPath.empty()) {
        status = writeImage(*in, args.pngPath, false, args.width, args.height);
        if (status != kExitOk) return status;
    }
    if (!args.svgPath.empty()) status = writeImage(*in, args.svgPath, true, args.width, args.height);
    return status != kExitOk ? status : ranStatus;
}

}  // namespace cs::cli
