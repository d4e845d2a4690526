#pragma once
// The virtual-clock runner's report (RunnerReport) in the UI's language: the
// reason it stopped a run and the one line that tells what went wrong. The
// runner's own messages and Python's exceptions stay as they were written
// (they name the program's calls); the words around them are translated.
#include <QCoreApplication>
#include <QString>
#include <string>

#include "pyrun/runner_report.h"

namespace cs::ui {

class RunnerWords {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::RunnerWords)

public:
    // A few words for the runner's reason ("a blocking call"); "" for a
    // reason it does not know.
    static QString stopReason(const std::string& reason);
    // "a blocking call: MESSAGE" (the message alone for an unknown reason).
    static QString stopText(const std::string& reason, const std::string& message);
    // RunnerReport::problem(), worded in the UI's language ("" when the
    // program ended normally).
    static QString problem(const RunnerReport& report);
};

}  // namespace cs::ui
