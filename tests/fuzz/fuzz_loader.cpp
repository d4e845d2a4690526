// libFuzzer target for the scenario loader: any bytes must give either a
// scenario or a LoadError (never a crash, hang or leak), and every scenario
// that loads must come back unchanged through toJson; simdjson's path and the
// streaming parser must agree on every input (spec: "a bad file ... is
// rejected with a message naming the field path, never a crash").
//
//   clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Icore \
//       core/scenario/*.cpp tests/fuzz/fuzz_loader.cpp -o fuzz_loader
//   ./fuzz_loader -dict=tests/fuzz/scenario.dict -max_total_time=60 \
//       corpus-work tests/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Large inputs only make each run slow without reaching new code.
    if (size > 64 * 1024) return -1;

    // The hard caps allow a generate block of ten million tasks, which is
    // fine for a user and far too slow for one fuzz input: lower them here.
    cs::ParseOptions options;
    options.maxTasks = 2000;
    options.maxStepsTotal = 20000;

    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const cs::LoadResult r = cs::parseScenario(text, options);

    // simdjson (with the plain task scanner) and the streaming parser must
    // read every text the same way: the same scenario or the same error.
    cs::ParseOptions streaming = options;
    streaming.streamingOnly = true;
    const cs::LoadResult s = cs::parseScenario(text, streaming);
    if (r.ok() != s.ok()) __builtin_trap();
    if (r.ok() ? !(*r.scenario == *s.scenario) : r.error->what() != s.error->what()) __builtin_trap();

    if (!r.ok()) {
        if (!r.error || r.error->message.empty()) __builtin_trap();
        return 0;
    }
    if (r.error) __builtin_trap();

    for (const int indent : {1, -1}) {
        const std::string out = cs::toJson(*r.scenario, indent);
        const cs::LoadResult back = cs::parseScenario(out, options);
        if (!back.ok() || !(*back.scenario == *r.scenario)) __builtin_trap();
    }
    return 0;
}
