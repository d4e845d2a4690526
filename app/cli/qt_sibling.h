#pragma once
// coroscope-cli does not link Qt (its start stays fast); pictures need Qt, so
// the GUI build makes coroscope-cli-qt, the same program linked with the
// app's painters, and coroscope-cli hands picture commands to it.
#include <string>

namespace cs::cli {

// Replaces this process with `name` from this executable's own directory,
// with the same arguments. Returns only when that fails (the reason is kept
// for picturesUnavailable()).
void execQtSibling(const char* name, char** argv);

// Why this process cannot draw pictures: a build without the GUI, or a
// sibling that could not be started. One line, no trailing newline.
std::string picturesUnavailable();

}  // namespace cs::cli
