// coroscope-cli-qt's pictures: drawn with the app's own painters, offscreen.
// See pictures.h.
#include "pictures.h"

#include <cstdlib>

#include "export/offscreen_export.h"
#include "lab/sweep_chart.h"

namespace cs::cli::pictures {

bool drawn() { return true; }

const char* qtSibling() { return nullptr; }

bool timeline(const TraceStore& events, const Scenario& scenario, const RunConfig& config, bool svg, int width,
              int height, std::string& bytes, std::string& error) {
    const auto format = svg ? ui::OffscreenExport::Format::Svg : ui::OffscreenExport::Format::Png;
    return ui::OffscreenExport::render(events, scenario, config, format, width, height, bytes, &error);
}

bool sweepChart(const std::string& param, const std::vector<lab::SweepPoint>& points,
                std::optional<std::size_t> recommended, std::string& png, std::string& error) {
    // Qt needs a platform even to paint an image: without a display the
    // offscreen one does, and a user's explicit choice is kept.
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) {
#if defined(_WIN32)
        _putenv_s("QT_QPA_PLATFORM", "offscreen");
#else
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
#endif
    }
    return ui::SweepChart::renderPngBytes(param, points, recommended, png, error);
}

}  // namespace cs::cli::pictures
