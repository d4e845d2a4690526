#include "app_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace cs::ui {

bool AppOptions::parse(const QStringList& args, AppOptions& out, QString* error) {
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "cs::ui::AppOptions", "Runs asyncio scenarios on a virtual clock and shows every task live."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("file"),
                            QCoreApplication::translate("cs::ui::AppOptions", "Scenario file to open."),
                            QStringLiteral("[FILE]"));
    const QCommandLineOption lesson(QStringLiteral("lesson"),
                                    QCoreApplication::translate("cs::ui::AppOptions", "Open a bundled lesson (its id, an id prefix or its number)."),
                                    QStringLiteral("ID"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("cs::ui::AppOptions", "User interface language (en, zh_CN); default: the one picked in View > Language, else the system's."),
                                  QStringLiteral("CODE"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QCoreApplication::translate("cs::ui::AppOptions",
                                                              "Save a screenshot of the main window to PNG."),
                                  QStringLiteral("PNG"));
    const QCommandLineOption quit(QStringLiteral("quit-after"),
                                  QCoreApplication::translate("cs::ui::AppOptions",
                                                              "Quit after SEC seconds (after the screenshot)."),
                                  QStringLiteral("SEC"));
    const QCommandLineOption present(QStringLiteral("presentation"),
                                     QCoreApplication::translate("cs::ui::AppOptions",
                                                                 "Start in presentation mode (F11): for a projector."));
    p.addOptions({lesson, lang, present, shot, quit});
    if (!p.parse(args)) {
        if (error) *error = p.errorText();
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) p.showHelp(0);
    if (p.isSet(QStringLiteral("version"))) p.showVersion();
    const QStringList pos = p.positionalArguments();
    if (pos.size() > 1) {
        if (error) *error = QCoreApplication::translate("cs::ui::AppOptions", "Only one scenario file can be opened.");
        return false;
    }
    out.file = pos.value(0);
    out.lesson = p.value(lesson);
    out.lang = p.value(lang);
    out.presentation = p.isSet(present);
    out.screenshot = p.value(shot);
    if (p.isSet(quit)) {
        bool ok = false;
        out.quitAfter = p.value(quit).toDouble(&ok);
        if (!ok || out.quitAfter < 0) {
            if (error) *error = QCoreApplication::translate("cs::ui::AppOptions", "--quit-after needs seconds >= 0.");
            return false;
        }
    }
    if (!out.screenshot.isEmpty() && out.quitAfter < 0) out.quitAfter = 2.0;
    return true;
}

}  // namespace cs::ui
