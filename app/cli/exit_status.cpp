#include "exit_status.h"

#include <iostream>

#include "text/message_text.h"

namespace cs::cli {

int badInput(const std::string& where, const std::string& what) {
    std::cerr << "error: " << MessageText::printable(where.empty() ? what : where + ": " + what) << '\n';
    return kExitBadInput;
}

int badScenario(const std::string& file, const LoadResult& r) {
    const LoadError err = r.error.value_or(LoadError{"", "could not be loaded"});
    if (!err.path.empty()) return badInput(err.path, err.message);
    if (err.message.rfind(file + ": ", 0) == 0) return badInput(err.message);
    return badInput(file, err.message);
}

}  // namespace cs::cli
