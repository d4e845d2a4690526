#pragma once
// The main() of the Qt test programs (ui_tests, lab_ui_tests, export_ui_tests):
// headless by default, a runtime folder when the environment has none, and
// settings of their own. ctest -j runs several test processes at once, and a
// test that writes settings (recent files, the language, lesson progress)
// must not be read by another process's test: each process keeps them in a
// temporary folder of its own, gone when it ends, never in a user's real ones.
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <cstdio>

namespace cs::test {

// platform: QT_QPA_PLATFORM unless the environment sets it; runtimeDir: the
// name of XDG_RUNTIME_DIR under the temporary folder, unless it is set.
inline int runQtTests(int argc, char** argv, const char* platform, const char* runtimeDir) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", platform);
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QString dir = QDir::tempPath() + QLatin1Char('/') + QLatin1String(runtimeDir);
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
    }
    const QTemporaryDir settings(QDir::tempPath() + QStringLiteral("/coroscope-test-settings-XXXXXX"));
    if (!settings.isValid()) {
        std::fprintf(stderr, "cannot make a folder for the tests' settings in %s\n", qPrintable(QDir::tempPath()));
        return 1;
    }
    for (const QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat})
        QSettings::setPath(format, QSettings::UserScope, settings.path());
    QApplication::setOrganizationName(QStringLiteral("CoroscopeTests"));
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}

}  // namespace cs::test
