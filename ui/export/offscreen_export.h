#pragma once
// The timeline of a run drawn without a window, for `coroscope-cli export
// --png/--svg`: the app's own painter (TimelineRenderer), whole run in view.
// The header is Qt-free so that the CLI can call it behind a build switch.
#include <string>

#include "model/run_config.h"
#include "model/scenario.h"

namespace cs {
class TraceStore;
}

namespace cs::ui {

class OffscreenExport {
public:
    enum class Format { Png, Svg };

    // Draws `events` (a finished run, or a trace read from a file; `config`
    // is what the run model needs beside them: RunConfig::forScenario or
    // TraceFile::runConfig, as the app's timeline has it) at
    // width x height into `bytes` (the PNG or SVG file's content; the CLI
    // writes them through its own checked output). Makes the QApplication
    // when there is none, on QT_QPA_PLATFORM=offscreen unless that is set.
    // False with *error set when the picture cannot be encoded.
    static bool render(const TraceStore& events, const Scenario& scenario, const RunConfig& config, Format format, int width, int height,
                       std::string& bytes, std::string* error);
};

}  // namespace cs::ui
