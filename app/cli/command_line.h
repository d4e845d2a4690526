#pragma once
// coroscope-cli's command line: every subcommand and option, parsed in one
// place. command_line.cpp is the only source that includes CLI11 (header
// only in Debian 12: ~10 s of compiling per file that includes it).
#include <optional>
#include <string>

#include "claims_command.h"
#include "export_command.h"
#include "memory_guard.h"
#include "program_run.h"
#include "sweep_command.h"

namespace cs::cli {

struct CommandLine {
    enum class Command { Run, Check, Expand, Python, Sweep, Export, Claims };

    Command command = Command::Run;
    // run, check, expand, python
    std::string file;
    std::string tracePath;
    bool wantSummary = false;
    bool coroutineJobs = false;  // run: EngineOptions::leanTasks off
    MemoryArgs memory;
    ProgramArgs program;
    // the other subcommands
    SweepArgs sweep;
    ExportArgs exportArgs;
    ClaimsArgs claims;

    // Parses argv into `line`. Returns an exit status when the process ends
    // here: --help and --version (printed, 0), or a usage error (one
    // "error: ... (see --help)" line on stderr, 2).
    static std::optional<int> parse(int argc, char** argv, CommandLine& line);

    // The command draws a picture (export --png/--svg, sweep --png).
    bool wantsPictures() const;
};

}  // namespace cs::cli
