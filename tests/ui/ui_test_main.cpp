// Catch2 main for the UI tests: widgets need a QApplication, and tests must
// run headless, so the offscreen platform is the default (catch_discover_tests
// runs this binary at build time, before any ctest environment applies).
#include "support/qt_test_main.h"

int main(int argc, char** argv) {
    // The screens classrooms have (tests/ui/data/screens.json: 1280×720,
    // 1366×768, 1920×1080, HiDPI at 2×, a projector at 1.25× and 1.5×),
    // side by side, so that one test can put a window on each.
#ifdef COROSCOPE_SOURCE_DIR
    const char* platform = "offscreen:configfile=" COROSCOPE_SOURCE_DIR "/tests/ui/data/screens.json";
#else
    const char* platform = "offscreen";
#endif
    return cs::test::runQtTests(argc, argv, platform, "coroscope-ui-tests");
}
