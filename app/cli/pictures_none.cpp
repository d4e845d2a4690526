// coroscope-cli's pictures: none drawn here; the GUI build's sibling draws
// them (COROSCOPE_QT_SIBLING names it). See pictures.h.
#include "pictures.h"

#include "qt_sibling.h"

namespace cs::cli::pictures {

bool drawn() { return false; }

const char* qtSibling() {
#if defined(COROSCOPE_QT_SIBLING)
    return COROSCOPE_QT_SIBLING;
#else
    return nullptr;
#endif
}

bool timeline(const TraceStore&, const Scenario&, const RunConfig&, bool, int, int, std::string&, std::string& error) {
    error = picturesUnavailable();
    return false;
}

bool sweepChart(const std::string&, const std::vector<lab::SweepPoint>&, std::optional<std::size_t>, std::string&,
                std::string& error) {
    error = picturesUnavailable();
    return false;
}

}  // namespace cs::cli::pictures
