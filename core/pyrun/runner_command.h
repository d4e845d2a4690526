#pragma once
// How to start the virtual-clock runner on a program: the interpreter's
// arguments, where the coroscope_trace package is, and the probe that names
// the interpreter first. Process handling is the caller's (posix_spawn in
// the CLI, QProcess in the app); this class only says what to start.
//
// The runner's budgets have their defaults in one place, the runner
// (resources/python/coroscope_trace/runner.py: 30 s of real time, 100,000
// loop iterations at one instant, 1e9 s of virtual time, 2048 MiB of address
// space, 1 MiB of output): a budget left unset here is not passed.
#include <optional>
#include <string>
#include <vector>

namespace cs {

struct RunnerBudgets {
    std::optional<double> maxWall;         // --max-wall SECONDS (real time)
    std::optional<long> maxIterations;     // --max-iterations N
    std::optional<double> maxVirtual;      // --max-virtual SECONDS
    std::optional<long> maxMemoryMiB;      // --max-memory MIB (0: no limit)
    std::optional<long> maxOutput;         // --max-output CHARS
};

struct RunnerRequest {
    std::string program;                   // the .py file
    std::string source;                    // its code from this file instead ("": the program's own)
    std::string traceOut;                  // where the runner writes the trace ("-": its stdout)
    RunnerBudgets budgets;
    std::vector<std::string> signalTimes;  // "SIGINT@2.5", as the runner's --signal takes them
    std::optional<long> seed;
    bool processGroup = true;              // the runner leads its own group: Stop ends it whole
};

class RunnerCommand {
public:
    // The interpreter's arguments (after the interpreter itself).
    static std::vector<std::string> arguments(const RunnerRequest& request);

    // Arguments that make the interpreter print its version ("3.11.7") and
    // sys.executable, one per line; parseProbe reads them back.
    static std::vector<std::string> probeArguments();
    static bool parseProbe(const std::string& output, std::string& version, std::string& executable);

    // The folder holding coroscope_trace/: next to an installed binary
    // (<bin>/../lib/python3/dist-packages), else the source tree's
    // resources/python (a build tree). "" when neither has the runner.
    static std::string packageParent(const std::string& binaryDir, const std::string& sourceDir);
    // PYTHONPATH with `parent` first, then what was set before.
    static std::string pythonPath(const std::string& parent, const char* previous);
};

}  // namespace cs
