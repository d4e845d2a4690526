#include "pyrun/runner_command.h"

#include <filesystem>
#include <sstream>

#include "trace/py_float.h"

namespace cs {

std::vector<std::string> RunnerCommand::arguments(const RunnerRequest& r) {
    // -q: the caller reports the run (no summary line on stderr); --no-echo:
    // the program's output is in the trace ("output" lines), not on ours.
    std::vector<std::string> a = {"-m", "coroscope_trace", "--virtual", "-q", "--no-echo", "-o", r.traceOut};
    if (r.processGroup) a.push_back("--process-group");
    const auto real = [&](const char* flag, const std::optional<double>& v) {
        if (v) a.insert(a.end(), {flag, PyFloat::repr(*v)});
    };
    const auto whole = [&](const char* flag, const std::optional<long>& v) {
        if (v) a.insert(a.end(), {flag, std::to_string(*v)});
    };
    real("--max-wall", r.budgets.maxWall);
    whole("--max-iterations", r.budgets.maxIterations);
    real("--max-virtual", r.budgets.maxVirtual);
    whole("--max-memory", r.budgets.maxMemoryMiB);
    whole("--max-output", r.budgets.maxOutput);
    whole("--seed", r.seed);
    for (const std::string& s : r.signalTimes) a.insert(a.end(), {"--signal", s});
    if (!r.source.empty()) a.insert(a.end(), {"--source", r.source});
    // A program named "-x.py" must not read as an option (the runner's
    // options end at the program; argparse would take it for one).
    a.push_back(!r.program.empty() && r.program[0] == '-' ? "./" + r.program : r.program);
    return a;
}

std::vector<std::string> RunnerCommand::probeArguments() {
    return {"-c", "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)"};
}

bool RunnerCommand::parseProbe(const std::string& output, std::string& version, std::string& executable) {
    std::istringstream in(output);
    if (!std::getline(in, version) || !std::getline(in, executable)) return false;
    for (std::string* s : {&version, &executable})
        while (!s->empty() && (s->back() == '\r' || s->back() == ' ')) s->pop_back();
    return !version.empty();
}

std::string RunnerCommand::packageParent(const std::string& binaryDir, const std::string& sourceDir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const fs::path& p : {fs::path(binaryDir) / ".." / "lib" / "python3" / "dist-packages", fs::path(sourceDir)}) {
        if (p.empty()) continue;
        if (fs::is_regular_file(p / "coroscope_trace" / "runner.py", ec)) return fs::weakly_canonical(p, ec).string();
    }
    return {};
}

std::string RunnerCommand::pythonPath(const std::string& parent, const char* previous) {
    if (!previous || !*previous) return parent;
    return parent + ":" + previous;
}

}  // namespace cs
