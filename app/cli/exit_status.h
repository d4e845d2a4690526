#pragma once
// How coroscope-cli's commands end: the exit statuses they share and the one
// line that reports bad input. (A command's own statuses, such as `claims`'
// 3 for a false claim, stay with it.)
#include <string>

#include "scenario/loader.h"

namespace cs::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;  // also: an output that could not be written
inline constexpr int kExitBadInput = 2;

// "error: WHERE: WHAT" (no "WHERE: " when where is empty) on stderr; bytes
// that are not UTF-8 are escaped (MessageText: file content and arguments
// may hold any). Returns kExitBadInput.
int badInput(const std::string& where, const std::string& what);
inline int badInput(const std::string& what) { return badInput(std::string(), what); }

// A scenario file that did not load: a field error names the field
// ("tasks[3].steps[0].io: must be >= 0"); a whole-file error names the file,
// once (read errors already begin with it). Returns kExitBadInput.
int badScenario(const std::string& file, const LoadResult& r);

}  // namespace cs::cli
