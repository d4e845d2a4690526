// Catch2 main for the UI tests: widgets need a QApplication, and tests must
// run headless, so the offscreen platform is the default (catch_discover_tests
// runs this binary at build time, before any ctest environment applies).
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QDir>
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    // The screens classrooms have (tests/ui/data/screens.json: 1280×720,
    // 1366×768, 1920×1080, HiDPI at 2×, a projector at 1.25× and 1.5×),
    // side by side, so that one test can put a window on each.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
#ifdef COROSCOPE_SOURCE_DIR
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" COROSCOPE_SOURCE_DIR "/tests/ui/data/screens.json");
#else
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QString dir = QDir::tempPath() + QStringLiteral("/coroscope-ui-tests");
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
    }
    // Settings written by a test must not leak into a user's real ones.
    QApplication::setOrganizationName(QStringLiteral("CoroscopeTests"));
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
