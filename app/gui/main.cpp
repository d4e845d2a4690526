// coroscope [FILE] [--lesson ID] [--lang CODE] [--presentation] [--screenshot PNG --quit-after SEC]
#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QMessageBox>
#include <QTimer>
#include <chrono>
#include <cstdio>

#include "app_options.h"
#include "i18n/language.h"
#include "i18n/window_host.h"
#include "layout_report.h"
#include "main_window.h"
#include "timeline/first_frame_probe.h"
#include "timeline/timeline_view.h"

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();  // COROSCOPE_MEASURE_STARTUP=1: ms to the first frame
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QApplication::setApplicationName(QStringLiteral("coroscope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

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
