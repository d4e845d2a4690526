#pragma once
// `coroscope-cli export FILE (--chrome OUT.json | --csv OUT.csv | --metrics
//  OUT.json | --png OUT.png | --svg OUT.svg) [--width W --height H]`: FILE is a
// scenario (run to the
// end first), a Python program (.py, run on the virtual clock: ProgramRun) or a trace (JSON lines, e.g. from `python3 -m coroscope_trace`,
// read as is). Several outputs may be given at once. PNG and SVG use the
// app's own timeline painter offscreen, so they need the GUI build.
// Kept out of main.cpp like `sweep`: main.cpp only registers it and calls run.
#include <string>

#include "memory_guard.h"
#include "program_run.h"

namespace cs::cli {

struct ExportArgs {
    std::string file;
    std::string chromePath;
    std::string csvPath;   // the metric series go next to it: NAME-metrics.csv
    std::string metricsPath;  // the run model's spec section 5 metrics and warnings, JSON ('-': stdout)
    std::string pngPath;
    std::string svgPath;
    int width = 1600;
    int height = 900;
    MemoryArgs memory;     // --memory-limit, --force (the scenario's run)
    ProgramArgs program;   // for a .py FILE
};

class ExportCommand {
public:
    // Exit status: 0 written, 2 bad input or an output this build cannot
    // make (one "error: ..." line on stderr), 1 a write failed; a .py
    // program the runner stopped: 3 (its partial run is exported).
    static int run(const ExportArgs& args);
};

}  // namespace cs::cli
