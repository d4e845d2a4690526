#pragma once
// The command line of `coroscope`:
//   coroscope [FILE] [--lesson ID] [--lang CODE] [--presentation] [--screenshot PNG --quit-after SEC]
#include <QString>
#include <QStringList>

namespace cs::ui {

struct AppOptions {
    QString file;          // a scenario to open instead of the default one
    QString lesson;        // a bundled lesson / example id ("22", "22-live-resize")
    QString lang;          // UI language ("en", "zh_CN"); empty: the saved choice, else the system's
    bool presentation = false;  // start in presentation mode (F11)
    QString screenshot;    // save a grab of the main window here...
    double quitAfter = -1; // ...after this many seconds of live run, then exit

    // Parses arguments (argv[0] included). On error returns false and sets
    // *error; --help/--version are handled by QCommandLineParser itself.
    static bool parse(const QStringList& args, AppOptions& out, QString* error);
};

}  // namespace cs::ui
