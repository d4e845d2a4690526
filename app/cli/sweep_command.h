#pragma once
// `coroscope-cli sweep FILE --param PATH --values LIST [--seeds N] [--csv OUT]
//  [--png OUT] [--jobs N] [--json]`: run a scenario once per value of one
// field (a random workload once per seed) and print the spec section 5
// metrics of each value as CSV (core/lab/sweep.h).
// Kept out of main.cpp so that the subcommands written in parallel do not
// collide there: main.cpp only registers it and calls run.
#include <cstddef>
#include <string>

namespace cs::cli {

struct SweepArgs {
    std::string file;
    std::string param;    // default: the file's "lab.param" hint
    std::string values;   // default: the file's "lab.values" hint
    std::string csvPath;  // "" = stdout (unless --json)
    std::string pngPath;
    unsigned jobs = 0;    // 0 = hardware threads
    std::size_t seeds = 0;  // 0 = Sweep's default (5 for a `generate` file, else 1)
    bool json = false;
    bool quiet = false;   // no recommendation line on stderr
};

class SweepCommand {
public:
    // Exit status: 0 done, 2 bad input (one "error: ..." line on stderr).
    static int run(const SweepArgs& args);
};

}  // namespace cs::cli
