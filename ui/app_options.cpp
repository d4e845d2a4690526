#include "app_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace cs::ui {

namespace {

// The one description of the command line, for both passes.
void describe(QCommandLineParser& p) {
    p.setApplicationDescription(QCoreApplication::translate(
        "cs::ui::AppOptions", "Runs asyncio scenarios on a virtual clock and shows every task live."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("file"),
                            QCoreApplication::translate("cs::ui::AppOptions", "Scenario, trace or Python program to open (a program runs on the virtual clock)."),
                            QStringLiteral("[FILE]"));
    p.addOptions({
        {QStringLiteral("lesson"),
         QCoreApplication::translate("cs::ui::AppOptions",
                                     "Open a bundled lesson: its number in teaching order (1 is the first) or its id."),
         QStringLiteral("N|ID")},
        {QStringLiteral("example"),
         QCoreApplication::translate("cs::ui::AppOptions",
                                     "Open a bundled example: its name or its number (22 for 22-live-resize)."),
         QStringLiteral("ID")},
        {QStringLiteral("lang"),
         QCoreApplication::translate("cs::ui::AppOptions",
                                     "User interface language (en, zh_CN); default: the one picked in View > "
                                     "Language, else the system's."),
         QStringLiteral("CODE")},
        {QStringLiteral("presentation"),
         QCoreApplication::translate("cs::ui::AppOptions", "Start in presentation mode (F11): for a projector.")},
        {QStringLiteral("screenshot"),
         QCoreApplication::translate("cs::ui::AppOptions", "Save a screenshot of the main window to PNG."),
         QStringLiteral("PNG")},
        {QStringLiteral("quit-after"),
         QCoreApplication::translate("cs::ui::AppOptions", "Quit after SEC seconds (after the screenshot)."),
         QStringLiteral("SEC")},
    });
}

}  // namespace

void AppOptions::answerHelpOrVersion(int& argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser p;
    describe(p);
    p.parse(args);  // errors (an unknown option, Qt's -platform) are parse()'s to report
    const bool help = p.isSet(QStringLiteral("help")) || p.isSet(QStringLiteral("help-all"));
    const bool version = p.isSet(QStringLiteral("version"));
    if (!help && !version) return;
    // A core application (no display needed) gives the help its program name.
    QCoreApplication core(argc, argv);
    if (version) p.showVersion();  // all three exit(0)
    if (!p.isSet(QStringLiteral("help-all"))) p.showHelp(0);
    // Only process() prints Qt's own options; given just the one option, it
    // cannot stop at an error in the others.
    p.process(QStringList{args.first(), QStringLiteral("--help-all")});
}

bool AppOptions::parse(const QStringList& args, AppOptions& out, QString* error) {
    QCommandLineParser p;
    describe(p);
    if (!p.parse(args)) {
        if (error) *error = p.errorText();
        return false;
    }
    const QStringList pos = p.positionalArguments();
    if (pos.size() > 1) {
        if (error) *error = QCoreApplication::translate("cs::ui::AppOptions", "Only one scenario file can be opened.");
        return false;
    }
    out.file = pos.value(0);
    out.lesson = p.value(QStringLiteral("lesson"));
    out.example = p.value(QStringLiteral("example"));
    out.lang = p.value(QStringLiteral("lang"));
    out.presentation = p.isSet(QStringLiteral("presentation"));
    out.screenshot = p.value(QStringLiteral("screenshot"));
    if (int(!out.file.isEmpty()) + int(!out.lesson.isEmpty()) + int(!out.example.isEmpty()) > 1) {
        if (error)
            *error = QCoreApplication::translate("cs::ui::AppOptions", "Give one of FILE, --lesson and --example.");
        return false;
    }
    if (p.isSet(QStringLiteral("quit-after"))) {
        bool ok = false;
        out.quitAfter = p.value(QStringLiteral("quit-after")).toDouble(&ok);
        if (!ok || out.quitAfter < 0) {
            if (error) *error = QCoreApplication::translate("cs::ui::AppOptions", "--quit-after needs seconds >= 0.");
            return false;
        }
    }
    if (!out.screenshot.isEmpty() && out.quitAfter < 0) out.quitAfter = 2.0;
    return true;
}

}  // namespace cs::ui
