#pragma once
// `coroscope-cli run/export program.py`: the program runs in its own process
// through the virtual-clock runner (python3 -m coroscope_trace --virtual),
// with the python3 found on PATH (or --python), named before it runs and
// refused unless it is 3.11 (PythonVersion). The trace goes to a temporary
// file that the commands then read as they read any trace (TraceFile); the
// runner's own lines (meta, output, warning, error, stopped) are read by
// RunnerReport.
//
// Outcomes (exit statuses of the commands, README "Your own program"):
//   ran      the program ended: normally, raising (one line "file:line: Exc:
//            message" on stderr, as a raising scenario is a normal outcome),
//            by its own sys.exit, or in a deadlock                  -> 0
//   stopped  the runner ended it (a budget, real I/O refused, a blocking
//            call), or its process died without a word (a crash in C code,
//            SIGKILL): one line "file:line: stopped: ..."; the trace is the
//            run up to there (a partial run)                         -> 3
//   cannot run  a SyntaxError, no such file, an unsupported Python, a bad
//            option: "error: ..." naming the file:line or the option -> 2
#include <string>
#include <vector>

#include "pyrun/runner_command.h"
#include "pyrun/runner_report.h"

namespace cs::cli {

struct ProgramArgs {
    std::string python = "python3";
    RunnerBudgets budgets;
    std::vector<std::string> signalTimes;
    long seed = 0;
    bool echo = false;
};

class ProgramRun {
public:
    enum class Outcome { Ran, Stopped, CannotRun, Internal };

    static constexpr int kExitStopped = 3;

    // *.py (any case): the file type decides that a file is a program.
    static bool isProgram(const std::string& file);

    ProgramRun() = default;
    ~ProgramRun();  // removes the temporary files
    ProgramRun(const ProgramRun&) = delete;
    ProgramRun& operator=(const ProgramRun&) = delete;

    // Runs the program to its end (or the runner's stop). On CannotRun and
    // Internal the error line is already on stderr.
    Outcome run(const std::string& program, const ProgramArgs& args);

    // The exit status for an outcome (0, 3, 2, 1).
    static int status(Outcome outcome);
    // After run(): prints the program's output (--echo) and the one line
    // naming what went wrong, if anything, on stderr.
    void tell(const ProgramArgs& args) const;

    const std::string& tracePath() const { return trace_; }
    const RunnerReport& report() const { return report_; }
    // "Python 3.11.7 (/usr/bin/python3)", as PythonVersion describes it.
    const std::string& interpreter() const { return interpreter_; }

private:
    std::string placed(const RunnerPlace& place) const;

    std::string program_;
    std::string trace_, errors_;
    RunnerReport report_;
    std::string interpreter_;
};

}  // namespace cs::cli
