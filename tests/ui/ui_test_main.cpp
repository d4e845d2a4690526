// Catch2 main for the UI tests: widgets need a QApplication, and tests must
// run headless, so the offscreen platform is the default (catch_discover_tests
// runs this binary at build time, before any ctest environment applies).
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QDir>
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
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
