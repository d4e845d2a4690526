#pragma once
// The command line of `coroscope`:
//   coroscope [FILE] [--lesson N|ID] [--example ID] [--lang CODE] [--presentation] [--screenshot PNG --quit-after SEC]
//   coroscope --help | --version
#include <QString>
#include <QStringList>

namespace cs::ui {

struct AppOptions {
    QString file;          // a scenario to open instead of the default one
    QString lesson;        // a lesson: its number in teaching order ("13") or its id / id prefix
    QString example;       // a bundled example: its name ("22-live-resize") or number ("22")
    QString lang;          // UI language ("en", "zh_CN"); empty: the saved choice, else the system's
    bool presentation = false;  // start in presentation mode (F11)
    QString screenshot;    // save a grab of the main window here...
    double quitAfter = -1; // ...after this many seconds of live run, then exit

    // --help and --version: prints the answer and exits with status 0, else
    // returns. Called with main()'s raw arguments before any QApplication
    // exists, because a QApplication without a display aborts in Qt's
    // platform plugin and neither answer needs one. Other arguments are not
    // judged here (Qt's own, like -platform, are still in the list): parse()
    // does that afterwards.
    static void answerHelpOrVersion(int& argc, char** argv);

    // Parses arguments (argv[0] included, Qt's own options removed, as
    // QApplication::arguments() gives them). On error returns false and sets
    // *error. --help/--version are accepted and ignored here.
    static bool parse(const QStringList& args, AppOptions& out, QString* error);
};

}  // namespace cs::ui
