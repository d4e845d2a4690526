#include "sweep_command.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "exit_status.h"
#include "lab/recommend.h"
#include "lab/sweep.h"
#include "lab/sweep_csv.h"
#include "output_file.h"
#include "program_run.h"
#include "pictures.h"
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


namespace cs::cli {

namespace {



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

int SweepCommand::run(const SweepArgs& a) {
    // A program's numbers are in its code, not in fields the sweep can set.
    if (ProgramRun::isProgram(a.file))
        return badInput(a.file + ": a Python program has no parameter to sweep (sweep sets a scenario's fields): "
                                 "change its limit in the code and run it again, or sweep a scenario");
    if (!a.pngPath.empty() && !pictures::drawn())
        return badInput("--png: " + picturesUnavailable() + "; --csv works without it");
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
            // (The values that keep the error rate low may all fall short of
            // the best throughput, set by one with errors.)
            std::cerr << lab::Recommender::none() << '\n';
    }

    if (!a.pngPath.empty()) {
        std::optional<std::size_t> recIndex;
        if (rec) recIndex = rec->index;
        std::string png, pngError;
        if (!pictures::sweepChart(param, result.points, recIndex, png, pngError))
            return badInput(a.pngPath + ": " + pngError);
        pngFile->write(png);
        return pngFile->finish();
    }
    return kExitOk;
}

}  // namespace cs::cli
