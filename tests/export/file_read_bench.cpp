// How fast scenario files and traces are read, end to end (parse, every
// validation rule, the columnar store): the figures in BENCHMARKS.md
// ("Reading files"), taken side by side with Python's json by
// tests/bench/files_compare.sh. A program, not a test: nothing in ctest is
// timed.
//
//   file_read_bench scenario FILE   loadScenarioFile (what run/check/expand do)
//   file_read_bench trace FILE      TraceFile::load (what export and the app's Open do)
//
// Prints one line: seconds (wall, the read alone), MB/s, what was read, the
// trace store's bytes (TraceStore::memoryBytes) and the process's peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "export/trace_file.h"
#include "scenario/loader.h"

namespace {

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 || (std::strcmp(argv[1], "scenario") != 0 && std::strcmp(argv[1], "trace") != 0)) {
        std::fprintf(stderr, "usage: %s scenario|trace FILE\n", argv[0]);
        return 2;
    }
    const std::string path = argv[2];
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const auto t0 = std::chrono::steady_clock::now();
    std::string what;
    std::size_t storeBytes = 0;
    if (std::strcmp(argv[1], "scenario") == 0) {
        const cs::LoadResult r = cs::loadScenarioFile(path);
        if (!r.ok()) {
            std::fprintf(stderr, "error: %s\n", r.error->what().c_str());
            return 2;
        }
        what = std::to_string(r.scenario->tasks.size()) + " tasks";
    } else {
        cs::TraceFile f;
        if (!f.load(path)) {
            std::fprintf(stderr, "error: %s\n", f.error()->what().c_str());
            return 2;
        }
        what = std::to_string(f.store().size()) + " events";
        storeBytes = f.store().memoryBytes();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s: %.3f s, %.0f MB/s, %s, store %.1f MB, peak RSS %.1f MiB\n", argv[1], s, mb / s, what.c_str(),
                static_cast<double>(storeBytes) / 1e6, peakRssMiB());
    return 0;
}
