#pragma once
// `coroscope-cli claims LESSON.json [--trace T.jsonl] [--clock virtual|real]
//  [--show LANG] [--json]`: checks a lesson's declared claims (the facts its
// texts quote: times, orders, counts) against a run, and that nothing shown
// before its question's answer is revealed gives the answer away.
//
// The run is the engine's run of the lesson's scenario, or a trace given
// with --trace: the lesson's generated program run by CPython on the
// virtual clock (`coroscope-cli python`, then `python3 program.py --trace
// T`), or with --clock real, run in real time under the Python tracer
// (`python3 -m coroscope_trace -o T program.py`). The spoiler check fills
// the texts from the same run (virtual clock only).
//
// Exit status: 0 every claim holds and nothing is spoiled, 3 otherwise
// (one line per claim and per spoiler on stdout), 2 bad input, 1 internal error.
#include <string>

namespace cs::cli {

struct ClaimsArgs {
    std::string file;
    std::string tracePath;
    std::string clock = "virtual";
    std::string showLang;
    bool json = false;
};

class ClaimsCommand {
public:
    static int run(const ClaimsArgs& args);
};

}  // namespace cs::cli
