#include "qt_sibling.h"

#include <cerrno>
#include <cstring>
#include <string>
#if defined(__linux__)
#include <unistd.h>

#include <climits>
#endif

namespace cs::cli {

namespace {
std::string gFailure;  // set when execQtSibling() returned
}

void execQtSibling(const char* name, char** argv) {
#if defined(__linux__)
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        gFailure = std::string("cannot find this executable's directory: ") + std::strerror(errno);
        return;
    }
    std::string path(self, static_cast<std::size_t>(n));
    path = path.substr(0, path.rfind('/') + 1) + name;
    ::execv(path.c_str(), argv);
    gFailure = path + ": " + std::strerror(errno);
#else
    static_cast<void>(argv);
    gFailure = std::string(name) + ": cannot be started on this platform";
#endif
}

std::string picturesUnavailable() {
    if (!gFailure.empty())
        return "needs coroscope-cli-qt, which the GUI build puts next to coroscope-cli (" + gFailure + ")";
    return "needs the GUI build (Qt 6): this coroscope-cli was built without it";
}

}  // namespace cs::cli
