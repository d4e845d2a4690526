#include "program_run.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>
#include <vector>

#include "exit_status.h"
#include "pyrun/python_version.h"
#include "text/message_text.h"

extern char** environ;

namespace cs::cli {

namespace {


// A new empty temporary file; "" when none can be made.
std::string tempFile(const char* stem) {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/coroscope-" + stem + "-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) return {};
    ::close(fd);
    return path;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `file` (looked up on PATH when it has no slash) with `args`, standard
// input from /dev/null, its output and errors into the named files, and
// `env` added to ours. Returns the exit status (128 + signal when killed,
// the signal in *killedBy, else 0 there), or -1 with errno when it could not
// be started.
int spawnAndWait(const std::string& file, const std::vector<std::string>& args, const std::string& outPath,
                 const std::string& errPath, const std::vector<std::string>& env, int* killedBy = nullptr) {
    if (killedBy) *killedBy = 0;
    std::vector<std::string> envStore;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        const bool replaced = std::any_of(env.begin(), env.end(), [&](const std::string& n) {
            return kv.compare(0, n.find('=') + 1, n, 0, n.find('=') + 1) == 0;
        });
        if (!replaced) envStore.push_back(kv);
    }
    envStore.insert(envStore.end(), env.begin(), env.end());
    std::vector<char*> envp, argv;
    for (std::string& s : envStore) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argStore = {file};
    argStore.insert(argStore.end(), args.begin(), args.end());
    for (std::string& s : argStore) argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_TRUNC, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, file.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) {
        if (killedBy) *killedBy = WTERMSIG(st);
        return 128 + WTERMSIG(st);
    }
    return 1;
}

std::string firstLine(const std::string& text) {
    const std::size_t nl = text.find('\n');
    return text.substr(0, nl);
}

std::string folderOf(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

bool ProgramRun::isProgram(const std::string& file) {
    if (file.size() < 3) return false;
    std::string ext = file.substr(file.size() - 3);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".py";
}

ProgramRun::~ProgramRun() {
    for (const std::string* p : {&trace_, &errors_})
        if (!p->empty()) ::unlink(p->c_str());
}

int ProgramRun::status(Outcome outcome) {
    switch (outcome) {
        case Outcome::Ran: return kExitOk;
        case Outcome::Stopped: return kExitStopped;
        case Outcome::CannotRun: return kExitBadInput;
        case Outcome::Internal: return kExitInternal;
    }
    return kExitInternal;
}

ProgramRun::Outcome ProgramRun::run(const std::string& program, const ProgramArgs& args) {
    program_ = program;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(program, ec)) {
        badInput(program + ": no such program");
        return Outcome::CannotRun;
    }
    const std::string parent =
        RunnerCommand::packageParent(std::filesystem::canonical("/proc/self/exe", ec).parent_path().string(),
                                     COROSCOPE_PYTHON_SOURCE_DIR);
    if (parent.empty()) {
        std::cerr << "error: the runner (coroscope_trace) was not found beside coroscope-cli or in "
                  << COROSCOPE_PYTHON_SOURCE_DIR << '\n';
        return Outcome::Internal;
    }
    trace_ = tempFile("trace");
    errors_ = tempFile("stderr");
    if (trace_.empty() || errors_.empty()) {
        std::cerr << "error: cannot make a temporary file: " << std::strerror(errno) << '\n';
        return Outcome::Internal;
    }
    const std::vector<std::string> env = {"PYTHONPATH=" + RunnerCommand::pythonPath(parent, std::getenv("PYTHONPATH"))};

    // Name the interpreter first: an unsupported one is refused before the
    // program runs.
    int rc = spawnAndWait(args.python, RunnerCommand::probeArguments(), trace_, errors_, env);
    std::string version, executable;
    if (rc < 0) {
        badInput("--python " + args.python + ": cannot start: " + std::strerror(errno));
        return Outcome::CannotRun;
    }
    if (rc != 0 || !RunnerCommand::parseProbe(slurp(trace_), version, executable)) {
        badInput("--python " + args.python + ": not a Python interpreter (" + firstLine(slurp(errors_)) + ")");
        return Outcome::CannotRun;
    }
    if (const std::string why = PythonVersion::refusal(version, executable); !why.empty()) {
        badInput(program + ": " + why + " (put a python3 3.11 first on PATH, or give --python)");
        return Outcome::CannotRun;
    }
    interpreter_ = PythonVersion::describe(version, executable);

    RunnerRequest request;
    request.program = program;
    request.traceOut = trace_;
    request.budgets = args.budgets;
    request.signalTimes = args.signalTimes;
    request.seed = args.seed;
    int killedBy = 0;
    rc = spawnAndWait(args.python, RunnerCommand::arguments(request), "/dev/null", errors_, env, &killedBy);
    if (rc < 0) {
        badInput("--python " + args.python + ": cannot start: " + std::strerror(errno));
        return Outcome::CannotRun;
    }
    {
        std::ifstream in(trace_, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) report_.addLine(line);
    }
    report_.processEnded(killedBy > 0 ? -1 : rc, killedBy);
    if (!report_.hasMeta()) {
        // The runner refused before the program ran (a bad --signal, ...):
        // its own message, one line.
        std::string why = firstLine(slurp(errors_));
        const std::string prefix = "coroscope_trace: error: ";
        if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
        if (rc == 2) {
            badInput(why.rfind(program + ":", 0) == 0 ? why : program + ": " + why);
            return Outcome::CannotRun;
        }
        std::cerr << "error: " << MessageText::printable(program) << ": the runner ended with status " << rc
                  << (why.empty() ? "" : ": " + MessageText::printable(why)) << '\n';
        return Outcome::Internal;
    }
    // A signal the program has no handler for ends it as it would end
    // `python3 program.py`: the program's own outcome, not the runner's stop.
    if (report_.stopped()) return report_.stopped()->reason == "signal" ? Outcome::Ran : Outcome::Stopped;
    // A program that does not compile never ran: bad input, as a scenario
    // that does not load.
    if (report_.error() && report_.error()->exc == "SyntaxError") {
        badInput(report_.problem(folderOf(program)));
        return Outcome::CannotRun;
    }
    // Killed or crashed without a word from the runner: the run up to its
    // last line, as a stopped one.
    if (report_.cutShort()) return Outcome::Stopped;
    return Outcome::Ran;
}

void ProgramRun::tell(const ProgramArgs& args) const {
    if (args.echo)
        for (const RunnerOutput& o : report_.outputs()) std::cerr << o.text;
    // A pool sized by default follows the runner's os.cpu_count() (--cpus), not this machine's: said once per
    // kind of pool (the runner's default_pool note), with the size python3 here gives it (CPython 3.11's
    // os.cpu_count() is sysconf(_SC_NPROCESSORS_ONLN); ThreadPoolExecutor's default min(32, cpus + 4)).
    for (const RunnerWarning& w : report_.warnings()) {
        if (w.kind != "default_pool") continue;
        std::cerr << "note: " << MessageText::printable(w.message);
        if (const long cpus = sysconf(_SC_NPROCESSORS_ONLN); cpus > 0 && w.workers > 0) {
            const long real = w.pool == "process" ? cpus : std::min(32L, cpus + 4);
            std::cerr << "; python3 on this machine (os.cpu_count() = " << cpus << ") makes it " << real
                      << (real == w.workers ? " too" : "");
        }
        std::cerr << '\n';
    }
    // Where this run's output or times can differ from `python3 program.py`'s (an order CPython takes from
    // memory addresses, a tie of the virtual clock: isClockTie; computing that took no virtual time): the first
    // note of each such kind (the runner's terminal summary says the same: _DIFFERS_FROM_REAL in runner.py).
    std::vector<std::string_view> told;
    for (const RunnerWarning& w : report_.warnings()) {
        if (!(isClockTie(w.kind) || w.kind == "computing") ||
            std::find(told.begin(), told.end(), w.kind) != told.end())
            continue;
        told.push_back(w.kind);
        const std::string where = w.place.text();
        std::cerr << "note: " << MessageText::printable(where.empty() ? w.message : where + ": " + w.message) << '\n';
    }
    const std::string problem = report_.problem(folderOf(program_));
    if (!problem.empty()) std::cerr << MessageText::printable(problem) << '\n';
}

}  // namespace cs::cli
