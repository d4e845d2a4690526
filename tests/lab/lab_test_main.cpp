// Catch2 main for the Limit lab widget tests: a QApplication on the
// offscreen platform unless one is asked for (catch_discover_tests runs this
// binary at build time, before any ctest environment applies).
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QDir>
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QString dir = QDir::tempPath() + QStringLiteral("/coroscope-lab-tests");
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
    }
    QApplication::setOrganizationName(QStringLiteral("CoroscopeTests"));
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
