// coroscope [FILE | --lesson N|ID | --example ID] [--lang CODE] [--presentation] [--screenshot PNG --quit-after SEC]
#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QMessageBox>
#include <QTimer>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "app_options.h"
#include "i18n/language.h"
#include "i18n/window_host.h"
#include "layout_report.h"
#include "main_window.h"
#include "timeline/first_frame_probe.h"
#include "timeline/timeline_view.h"

namespace {

// On Linux, QApplication aborts in Qt's platform plugin when there is no
// display to connect to; this says so in one line instead (a platform named
// with QT_QPA_PLATFORM or -platform, e.g. offscreen, needs none).
bool hasDisplay(int argc, char** argv) {
#ifdef Q_OS_LINUX
    for (const char* var : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        if (!qEnvironmentVariableIsEmpty(var)) return true;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "--platform") == 0) return true;
    return false;
#else
    (void)argc;
    (void)argv;
    return true;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();  // COROSCOPE_MEASURE_STARTUP=1: ms to the first frame
    QApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QApplication::setApplicationName(QStringLiteral("coroscope"));
    QApplication::setApplicationVersion(QStringLiteral(COROSCOPE_VERSION));
    // Before QApplication: it needs a display, these answers do not.
    cs::ui::AppOptions::answerHelpOrVersion(argc, argv);
    if (!hasDisplay(argc, argv)) {
        std::fprintf(stderr,
                     "coroscope: no display (DISPLAY and WAYLAND_DISPLAY are unset): start it in a desktop "
                     "session or under xvfb-run, or use coroscope-cli\n");
        return 1;
    }

    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    // The installed .desktop file's name: Wayland matches windows to it.
    QGuiApplication::setDesktopFileName(QStringLiteral(COROSCOPE_APP_ID));
    QApplication app(argc, argv);

    cs::ui::AppOptions opts;
    QString error;
    if (!cs::ui::AppOptions::parse(QApplication::arguments(), opts, &error)) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        return 2;
    }
    // --lang, else the language picked in View > Language, else the system's.
    cs::ui::Language::install(cs::ui::Language::resolve(opts.lang));

    cs::ui::WindowHost host;
    cs::ui::MainWindow* window = host.createWindow();
    window->fitToScreen();
    // A screenshot run must look the same on every machine: no saved layout.
    if (opts.screenshot.isEmpty()) window->restoreSettings();
    if (cs::ui::FirstFrameProbe::requested()) cs::ui::FirstFrameProbe::install(window->timeline(), started);
    window->show();

    bool ok = true;
    if (!opts.file.isEmpty())
        ok = window->openFile(opts.file, &error);
    else if (!opts.lesson.isEmpty())
        ok = window->openLesson(opts.lesson, &error);
    else if (!opts.example.isEmpty())
        ok = window->openExample(opts.example, &error);
    else
        ok = window->openBundled(cs::ui::MainWindow::defaultScenarioName(), &error);
    if (!ok) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        if (!opts.screenshot.isEmpty() || opts.quitAfter >= 0) return 1;
        QMessageBox::warning(window, QObject::tr("Coroscope"), error);
        window->openBundled(cs::ui::MainWindow::defaultScenarioName());
    }
    if (opts.presentation) window->setPresentationMode(true);

    if (opts.quitAfter >= 0) {
        QTimer::singleShot(static_cast<int>(opts.quitAfter * 1000.0), &host, [&host, &opts] {
            int rc = 0;
            cs::ui::MainWindow* w = host.window();
            if (!opts.screenshot.isEmpty() && w) {
                w->refreshPanels();
                // The layouts the new texts ask for, as the next frame would have them.
                for (int i = 0; i < 4; ++i) QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                // COROSCOPE_LAYOUT_REPORT=FILE: how the window fits its screen
                // (the screenshot tests check it; LayoutReport).
                if (const QString report = qEnvironmentVariable("COROSCOPE_LAYOUT_REPORT"); !report.isEmpty()) {
                    QFile f(report);
                    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                        f.write(QJsonDocument(cs::ui::LayoutReport::describe(*w)).toJson()) < 0) {
                        std::fprintf(stderr, "coroscope: cannot write %s\n", qPrintable(report));
                        rc = 1;
                    }
                }
                const QPixmap shot = w->grab();
                if (!shot.save(opts.screenshot, "PNG")) {
                    std::fprintf(stderr, "coroscope: cannot write %s\n", qPrintable(opts.screenshot));
                    rc = 1;
                } else {
                    std::printf("coroscope: saved %s (%dx%d)\n", qPrintable(opts.screenshot), shot.width(),
                                shot.height());
                }
            }
            QApplication::exit(rc);
        });
    }
    return QApplication::exec();
}
