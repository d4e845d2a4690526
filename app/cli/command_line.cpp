#include "command_line.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "lab/sweep.h"
#include "text/message_text.h"

namespace cs::cli {

namespace {

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

void addMemoryOptions(CLI::App& command, MemoryArgs& args) {
    command
        .add_option("--memory-limit", args.limit,
                    "Refuse a run estimated to need more than SIZE bytes (k/M/G suffixes; "
                    "default: the memory available, MemAvailable or the cgroup's limit)")
        ->type_name("SIZE")
        ->check([](const std::string& text) {
            return MemoryGuard::parseSize(text) ? std::string() : std::string("not a size (e.g. 8G, 512M, 100000000)");
        });
    command.add_flag("--force", args.force, "Run even when the run's estimated memory exceeds what is available");
}

// The runner options, on a command that takes a program.
void addProgramOptions(CLI::App* cmd, ProgramArgs& a) {
    // Defaults are the runner's (runner.py), named in the help: an option
    // left out is not passed.
    cmd->add_option("--python", a.python, "A .py program runs with this interpreter (default: python3 on PATH; 3.11)")
        ->type_name("PYTHON");
    cmd->add_option("--max-wall", a.budgets.maxWall, "Program: real seconds a run may take (default 30)")
        ->type_name("SECONDS")->check(CLI::PositiveNumber);
    cmd->add_option("--max-iterations", a.budgets.maxIterations,
                    "Program: loop iterations without the clock moving (default 100000)")
        ->type_name("N")->check(CLI::PositiveNumber);
    cmd->add_option("--max-virtual", a.budgets.maxVirtual, "Program: virtual seconds a run may reach (default 1e9)")
        ->type_name("SECONDS")->check(CLI::PositiveNumber);
    cmd->add_option("--max-memory", a.budgets.maxMemoryMiB, "Program: address space in MiB, 0 no limit (default 2048)")
        ->type_name("MIB")->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-output", a.budgets.maxOutput, "Program: characters it may print (default 1048576)")
        ->type_name("CHARS")->check(CLI::PositiveNumber);
    cmd->add_option("--signal", a.signalTimes,
                    "Program: deliver a signal at a virtual time, e.g. SIGINT@2.5 (repeatable; also "
                    "'# coroscope: signal SIGINT at 2.5' lines in the program)")
        ->type_name("SIG@SECONDS")->take_all()->expected(1);
    cmd->add_option("--seed", a.seed, "Program: seed of random and os.urandom (default 0)");
    cmd->add_flag("--echo", a.echo, "Program: print its output (from the trace) on stderr");
}

CLI::App* addClaims(CLI::App& app, ClaimsArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "claims", "Check a lesson's claims against a run, and that its texts do not give the answer away");
    cmd->add_option("FILE", args.file, "Lesson file (resources/lessons/ID.json)")->required();
    cmd->add_option("--trace", args.tracePath,
                    "Check against this trace (JSON lines) instead of the engine's run: the lesson's "
                    "program run by CPython (--trace) or, with --clock real, under python3 -m coroscope_trace")
        ->type_name("T.jsonl");
    cmd->add_option("--clock", args.clock, "Which claims: those about the virtual clock (default) or real time")
        ->check(CLI::IsMember({"virtual", "real"}));
    cmd->add_option("--show", args.showLang, "Also print the lesson's texts in LANG, filled from the run")
        ->type_name("LANG");
    cmd->add_flag("--json", args.json, "Print one JSON object instead of lines");
    return cmd;
}

CLI::App* addExport(CLI::App& app, ExportArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "export", "Export a scenario's run or a trace (.jsonl) as Chrome/Perfetto JSON, CSV, PNG or SVG");
    cmd->add_option("FILE", args.file,
                    "Scenario file, a Python 3.11 asyncio program (.py, run on the virtual clock), or a trace as "
                    "JSON lines (e.g. from python3 -m coroscope_trace)")
        ->required();
    addProgramOptions(cmd, args.program);
    auto* chrome = cmd->add_option("--chrome", args.chromePath,
                                   "Chrome Trace Event JSON (chrome://tracing, ui.perfetto.dev)")
                       ->type_name("OUT.json");
    auto* csv = cmd->add_option("--csv", args.csvPath,
                                "One row per task (- for stdout); the metric series go to OUT-metrics.csv (not with -)")
                    ->type_name("OUT.csv");
    auto* png = cmd->add_option("--png", args.pngPath, "The timeline as the app draws it (GUI build)")
                    ->type_name("OUT.png");
    auto* svg = cmd->add_option("--svg", args.svgPath, "The timeline as SVG (GUI build)")->type_name("OUT.svg");
    auto* metrics = cmd->add_option("--metrics", args.metricsPath,
                                    "Spec section 5 metrics, Little's law and the warnings as JSON ('-': stdout)")
                        ->type_name("OUT.json");
    cmd->add_option("--width", args.width, "Image width in pixels (default 1600)")->check(CLI::Range(64, 16384));
    cmd->add_option("--height", args.height, "Image height in pixels (default 900)")->check(CLI::Range(64, 16384));
    addMemoryOptions(*cmd, args.memory);
    // At least one output; several at once are fine.
    cmd->callback([chrome, csv, metrics, png, svg] {
        if (chrome->count() + csv->count() + metrics->count() + png->count() + svg->count() == 0)
            throw CLI::RequiredError("one of --chrome, --csv, --metrics, --png, --svg");
    });
    return cmd;
}

CLI::App* addSweep(CLI::App& app, SweepArgs& a) {
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

}  // namespace

std::optional<int> CommandLine::parse(int argc, char** argv, CommandLine& line) {
    CLI::App app{"coroscope-cli: run asyncio scenarios on a virtual clock with CPython 3.11's semantics"};
    app.footer(kFooter);
    app.set_version_flag("--version", "coroscope-cli " COROSCOPE_VERSION);
    app.require_subcommand(1);

    CLI::App* run = app.add_subcommand("run", "Run a scenario to the end");
    run->add_option("FILE", line.file, "Scenario file (coroscope-scenario/1), or a Python 3.11 asyncio program (.py)")
        ->required();
    run->add_option("--trace", line.tracePath, "Write the trace as JSON lines to OUT ('-' = stdout)")
        ->type_name("OUT");
    run->add_flag("--summary", line.wantSummary, "Print the summary as one JSON line on stdout");
    run->add_flag("--coroutine-jobs", line.coroutineJobs,
                  "Run every job as a coroutine, without the engine's frame-less fast path (same events; "
                  "for testing the engine)");
    addMemoryOptions(*run, line.memory);
    addProgramOptions(run, line.program);

    CLI::App* check = app.add_subcommand("check", "Validate a scenario file");
    check->add_option("FILE", line.file, "Scenario file")->required();

    CLI::App* expand = app.add_subcommand("expand", "Print a scenario with an explicit task list");
    expand->add_option("FILE", line.file, "Scenario file")->required();

    CLI::App* python = app.add_subcommand("python", "Print the Python 3.11 program a scenario denotes "
                                                    "(runs in real time, or with --trace OUT on a virtual clock)");
    python->add_option("FILE", line.file, "Scenario file")->required();

    CLI::App* sweep = addSweep(app, line.sweep);
    CLI::App* exportCmd = addExport(app, line.exportArgs);
    CLI::App* claims = addClaims(app, line.claims);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << MessageText::printable(e.what()) << " (see --help)\n";
        return 2;
    }
    using C = Command;
    line.command = *run ? C::Run : *check ? C::Check : *expand ? C::Expand : *python ? C::Python
                 : *sweep ? C::Sweep : *exportCmd ? C::Export : C::Claims;
    static_cast<void>(claims);  // the one left: require_subcommand(1)
    return std::nullopt;
}

bool CommandLine::wantsPictures() const {
    return (command == Command::Export && (!exportArgs.pngPath.empty() || !exportArgs.svgPath.empty())) ||
           (command == Command::Sweep && !sweep.pngPath.empty());
}

}  // namespace cs::cli
