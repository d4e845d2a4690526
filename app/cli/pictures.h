#pragma once
// Pictures (the timeline as PNG/SVG, the sweep chart as PNG) need Qt, and
// coroscope-cli does not link Qt (its start stays fast). The GUI build also
// makes coroscope-cli-qt: the same objects plus pictures_qt.cpp, which
// draws with the app's own painters. coroscope-cli links pictures_none.cpp
// instead and hands a picture command to that sibling (qt_sibling.h).
// Every other source of the CLI is compiled once for both programs.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cs {
class TraceStore;
struct Scenario;
struct RunConfig;
namespace lab { struct SweepPoint; }
}  // namespace cs

namespace cs::cli::pictures {

// True when this program draws pictures itself.
bool drawn();

// The program to hand picture commands to (a file name beside this
// executable), or nullptr when there is none.
const char* qtSibling();

// The timeline as the app draws it, PNG or SVG bytes. False with `error`
// when it cannot be drawn (or this program does not draw: see drawn()).
bool timeline(const TraceStore& events, const Scenario& scenario, const RunConfig& config, bool svg, int width,
              int height, std::string& bytes, std::string& error);

// The sweep chart (throughput and p95 latency against the value) as PNG.
bool sweepChart(const std::string& param, const std::vector<lab::SweepPoint>& points,
                std::optional<std::size_t> recommended, std::string& png, std::string& error);

}  // namespace cs::cli::pictures
