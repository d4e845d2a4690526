#include "sweep_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lab/recommend.h"
#include "lab/sweep.h"
#include "lab/sweep_csv.h"
#include "output_file.h"
#include "program_run.h"
#include "qt_sibling.h"
#include "scenario/loader.h"
#include "text/message_text.h"

#if defined(_WIN32)
#include <io.h>
#define CS_ISATTY _isatty
#define CS_FILENO _fileno
#else
#include <unistd.h>
#define CS_ISATTY isatty
#define CS_FILENO fileno
#endif

#if defined(COROSCOPE_HAVE_SWEEP_CHART)
#include "lab/sweep_chart.h"
#endif

namespace cs::cli {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

int badInput(const std::string& what) {
    std::cerr << "error: " << MessageText::printable(what) << '\n';  // --param may hold any bytes
    return kExitBadInput;
}

// The file's text, or the same whole-file errors `run` gives.
bool readDocument(const std::string& file, nlohmann::json& doc, std::string& error) {
    // The loader's own read gives the messages (and caps) users know.
    const LoadResult r = loadScenarioFile(file);
    if (!r.ok()) {
        const LoadError err = r.error.value_or(LoadError{"", "could not be loaded"});
        if (!err.path.empty()) error = err.path + ": " + err.message;
        else if (err.message.rfind(file + ": ", 0) == 0) error = err.message;
        else error = file + ": " + err.message;
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        error = file + ": cannot read file";
        return false;
    }
    return true;
}

// An experiment file may say what to sweep: "lab": {"param": ..., "values": ...}.
std::string hint(const nlohmann::json& doc, const char* key) {
    const auto lab = doc.find("lab");
    if (lab == doc.end() || !lab->is_object()) return {};
    const auto v = lab->find(key);
    return v != lab->end() && v->is_string() ? v->get<std::string>() : std::string();
}

// A progress bar redrawn in place: only for a person watching a terminal,
// never in a pipe or a log.
class Progress {
public:
    Progress(std::size_t total, std::string label)
        : total_(total), label_(std::move(label)),
          enabled_(CS_ISATTY(CS_FILENO(stderr)) != 0) {}
    void update(std::size_t done) {
        if (!enabled_) return;
        constexpr std::size_t kWidth = 30;
        const std::size_t filled = total_ ? done * kWidth / total_ : kWidth;
        std::string bar(filled, '#');
        bar.append(kWidth - filled, '.');
        std::fprintf(stderr, "\r%s [%s] %zu/%zu", label_.c_str(), bar.c_str(), done, total_);
        std::fflush(stderr);
    }
    void finish() {
        if (!enabled_) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }

private:
    std::size_t total_;
    std::string label_;
    bool enabled_;
};

nlohmann::ordered_json pointJson(const lab::SweepPoint& p) {
    auto opt = [](const std::optional<double>& v) {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    auto spread = [](const lab::Spread& s) {
        nlohmann::ordered_json j;
        j["min"] = s.min;
        j["median"] = s.median;
        j["max"] = s.max;
        return j;
    };
    auto optSpread = [&](const std::optional<lab::Spread>& s) {
        return s ? spread(*s) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json j;
    j["value"] = p.value.integral ? nlohmann::ordered_json(static_cast<std::int64_t>(p.value.value))
                                  : nlohmann::ordered_json(p.value.value);
    j["seeds"] = p.seeds;
    j["makespan_s"] = p.makespan;
    j["throughput_per_s"] = p.throughput;
    j["tasks"] = p.tasks;
    j["ok"] = p.ok;
    j["failed"] = p.failed;
    j["cancelled"] = p.cancelled;
    j["error_rate"] = p.errorRate();
    j["p50_s"] = opt(p.p50);
    j["p95_s"] = opt(p.p95);
    j["p99_s"] = opt(p.p99);
    j["latency_samples"] = p.latencySamples;
    j["p99_reliable"] = p.p99 ? nlohmann::ordered_json(p.p99Reliable()) : nlohmann::ordered_json(nullptr);
    j["peak_in_flight"] = p.peakInFlight;
    j["peak_waiting"] = p.peakWaiting;
    j["mean_in_flight"] = p.meanInFlight;
    j["mean_in_system"] = p.meanInSystem;
    j["lambda_per_s"] = p.lambda;
    j["mean_latency_s"] = opt(p.meanLatency);
    j["outcome"] = p.outcome;
    nlohmann::ordered_json spreads;
    spreads["throughput_per_s"] = spread(p.throughputs);
    spreads["error_rate"] = spread(p.errorRates);
    spreads["makespan_s"] = spread(p.makespans);
    spreads["p50_s"] = optSpread(p.p50s);
    spreads["p95_s"] = optSpread(p.p95s);
    spreads["p99_s"] = optSpread(p.p99s);
    j["spread"] = std::move(spreads);
    return j;
}

}  // namespace

CLI::App* SweepCommand::add(CLI::App& app, SweepArgs& a) {
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run a scenario once per value of one field; print the metrics as CSV");
    sweep->add_option("FILE", a.file, "Scenario file (coroscope-scenario/1)")->required();
    sweep->add_option("--param", a.param,
                      "The field to vary: limit.value, limit.max_per_second, service.capacity, "
                      "executor.max_workers, generate.count, ... (default: the file's lab.param)")
        ->type_name("PATH");
    sweep->add_option("--values", a.values,
                      "Values: 1,2,4,8 | 1..64 (step 1) | 0.5..2+0.5 | 1..64x2 (geometric) "
                      "(default: the file's lab.values)")
        ->type_name("LIST");
    sweep->add_option("--csv", a.csvPath, "Write the CSV to OUT instead of stdout")->type_name("OUT");
    sweep->add_option("--png", a.pngPath, "Chart throughput and p95 latency vs value as a PNG")
        ->type_name("OUT");
    sweep->add_option("--seeds", a.seeds,
                      "Runs per value of a random workload (generate.seed, +1, ...): the rows give the median "
                      "and the spread (default: 5 for a `generate` file, 1 otherwise)")
        ->type_name("N")
        ->check(CLI::Range(std::size_t{1}, lab::Sweep::kMaxSeeds));
    sweep->add_option("--jobs,-j", a.jobs, "Worker threads (default: one per hardware thread)")
        ->type_name("N")
        ->check(CLI::Range(1u, 1024u));
    sweep->add_flag("--json", a.json,
                    "Print the points, Little's-law figures and the recommendation as JSON on "
                    "stdout (the CSV then goes only to --csv)");
    sweep->add_flag("--quiet,-q", a.quiet, "Do not print the recommendation on stderr");
    sweep->footer(R"(
Each value runs alone (its own simulation); a random workload (`generate`)
runs once per seed and the row gives the median with min/max beside it.
Rows come in LIST order and are the same bytes whatever --jobs is.
Latencies are over successful requests (tasks that ended done); a p99 over
fewer than 100 of them is marked unreliable (p99_reliable). The
recommendation (stderr, with its rule) is the smallest value whose
throughput is within 5% of the best and whose error rate is below 1%.

Examples:
  coroscope-cli sweep resources/experiments/capacity-8-service.json
  coroscope-cli sweep s.json --param limit.value --values 1..64x2 --csv out.csv --png out.png)");
    return sweep;
}

int SweepCommand::run(const SweepArgs& a) {
    // A program's numbers are in its code, not in fields the sweep can set.
    if (ProgramRun::isProgram(a.file))
        return badInput(a.file + ": a Python program has no parameter to sweep (sweep sets a scenario's fields): "
                                 "change its limit in the code and run it again, or sweep a scenario");
#if !defined(COROSCOPE_HAVE_SWEEP_CHART)
    if (!a.pngPath.empty())
        return badInput("--png: " + picturesUnavailable() + "; --csv works without it");
#endif
    nlohmann::json doc;
    std::string error;
    if (!readDocument(a.file, doc, error)) return badInput(error);

    const std::string param = a.param.empty() ? hint(doc, "param") : a.param;
    const std::string list = a.values.empty() ? hint(doc, "values") : a.values;
    if (param.empty()) return badInput("--param: required (this file has no lab.param hint)");
    if (list.empty()) return badInput("--values: required (this file has no lab.values hint)");

    auto prepared = lab::Sweep::prepare(std::move(doc), param, list, a.seeds);
    if (auto* err = std::get_if<std::string>(&prepared)) return badInput(*err);
    const lab::Sweep& sweep = std::get<lab::Sweep>(prepared);

    // Outputs are opened before the sweep (a bad path fails at once) and
    // committed after it: a file appears whole, or not at all.
    std::unique_ptr<OutputFile> csvFile, pngFile;
    if (!a.csvPath.empty() && !(csvFile = OutputFile::open(a.csvPath, error))) return badInput(a.csvPath + ": " + error);
    if (!a.pngPath.empty() && !(pngFile = OutputFile::open(a.pngPath, error))) return badInput(a.pngPath + ": " + error);
    auto out = OutputFile::standardOutput();

    Progress progress(sweep.values().size(), "sweep " + param);
    lab::SweepOptions options;
    options.jobs = a.jobs;
    options.onPoint = [&](std::size_t, const lab::SweepPoint&, std::size_t done) { progress.update(done); };
    progress.update(0);
    const lab::SweepResult result = sweep.run(options);
    progress.finish();
    if (result.error) return badInput(*result.error);

    const std::string csv = lab::SweepCsv::write(result.points);
    if (csvFile) {
        csvFile->write(csv);
        if (csvFile->finish() != kExitOk) return 1;
    } else if (!a.json) {
        out->write(csv);
    }

    const auto rec = lab::Recommender::pick(result.points);
    if (a.json) {
        nlohmann::ordered_json j;
        j["param"] = param;
        j["seeds"] = sweep.seeds();
        j["points"] = nlohmann::ordered_json::array();
        for (const auto& p : result.points) j["points"].push_back(pointJson(p));
        if (rec) {
            j["recommended"] = {{"index", rec->index},
                                {"value", pointJson(result.points[rec->index])["value"]},
                                {"best_throughput_per_s", rec->bestThroughput},
                                {"rule", lab::Recommender::rule(rec->bestThroughput)}};
        } else {
            j["recommended"] = nullptr;
        }
        out->stream() << j.dump(1) << '\n';
    }
    if (out->finish() != kExitOk) return 1;

    if (!a.quiet) {
        if (rec)
            std::cerr << lab::Recommender::describe(param, result.points[rec->index]) << "; "
                      << lab::Recommender::rule(rec->bestThroughput) << '\n';
        else
            std::cerr << "recommended: none (no value keeps the error rate below 1%)\n";
    }

    if (!a.pngPath.empty()) {
#if defined(COROSCOPE_HAVE_SWEEP_CHART)
        // Qt needs a platform even to paint an image: without a display the
        // offscreen one does, and a user's explicit choice is kept.
        if (std::getenv("QT_QPA_PLATFORM") == nullptr) {
#if defined(_WIN32)
            _putenv_s("QT_QPA_PLATFORM", "offscreen");
#else
            setenv("QT_QPA_PLATFORM", "offscreen", 1);
#endif
        }
        std::optional<std::size_t> recIndex;
        if (rec) recIndex = rec->index;
        std::string png, pngError;
        if (!ui::SweepChart::renderPngBytes(param, result.points, recIndex, png, pngError))
            return badInput(a.pngPath + ": " + pngError);
        pngFile->write(png);
        return pngFile->finish();
#endif
    }
    return kExitOk;
}

}  // namespace cs::cli
