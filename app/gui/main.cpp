// coroscope [FILE] [--lesson ID] [--lang CODE] [--screenshot PNG --quit-after SEC]
#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "app_options.h"
#include "main_window.h"

namespace {

// Qt's own strings and ours, for `code` (or the system locale).
void installTranslations(QApplication& app, const QString& code) {
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (!code.isEmpty()) QLocale::setDefault(locale);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* ours = new QTranslator(&app);
    const QStringList dirs{QStringLiteral(":/translations"),
                           QApplication::applicationDirPath() + QStringLiteral("/translations"),
                           QApplication::applicationDirPath() + QStringLiteral("/../share/coroscope/translations")};
    for (const QString& dir : dirs) {
        if (ours->load(locale, QStringLiteral("coroscope"), QStringLiteral("_"), dir)) {
            QApplication::installTranslator(ours);
            break;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
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
    installTranslations(app, opts.lang);

    cs::ui::MainWindow window;
    // A screenshot run must look the same on every machine: no saved layout.
    if (opts.screenshot.isEmpty()) window.restoreSettings();
    window.show();

    bool ok = true;
    if (!opts.file.isEmpty())
        ok = window.openFile(opts.file, &error);
    else if (!opts.lesson.isEmpty())
        ok = window.openLesson(opts.lesson, &error);
    else
        ok = window.openBundled(cs::ui::MainWindow::defaultScenarioName(), &error);
    if (!ok) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        if (!opts.screenshot.isEmpty() || opts.quitAfter >= 0) return 1;
        QMessageBox::warning(&window, QObject::tr("Coroscope"), error);
        window.openBundled(cs::ui::MainWindow::defaultScenarioName());
    }

    if (opts.quitAfter >= 0) {
        QTimer::singleShot(static_cast<int>(opts.quitAfter * 1000.0), &window, [&window, &opts] {
            int rc = 0;
            if (!opts.screenshot.isEmpty()) {
                window.refreshPanels();
                const QPixmap shot = window.grab();
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
