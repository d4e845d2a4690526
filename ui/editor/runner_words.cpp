#include "editor/runner_words.h"

namespace cs::ui {

QString RunnerWords::stopReason(const std::string& reason) {
    // The reasons the runner writes on its "stopped" line (runner_report.h).
    if (reason == "wall_clock") return tr("too long in real time");
    if (reason == "iterations") return tr("the loop spun without the clock moving");
    if (reason == "virtual_time") return tr("past the virtual time limit");
    if (reason == "memory") return tr("out of memory");
    if (reason == "output") return tr("too much output");
    if (reason == "real_io") return tr("real I/O");
    if (reason == "refused_loop") return tr("an event loop the virtual clock cannot run");
    if (reason == "blocking_call") return tr("a blocking call");
    if (reason == "deadlock") return tr("a deadlock");
    if (reason == "signal") return tr("a signal");
    if (reason == "stop") return tr("asked to stop");
    if (reason == "exit") return tr("the process exited");
    return {};
}

QString RunnerWords::stopText(const std::string& reason, const std::string& message) {
    const QString why = stopReason(reason), text = QString::fromStdString(message);
    if (why.isEmpty()) return text;
    if (text.isEmpty()) return why;
    return tr("%1: %2").arg(why, text);
}

QString RunnerWords::problem(const RunnerReport& report) {
    using Kind = RunnerReport::Problem::Kind;
    const RunnerReport::Problem p = report.problemParts();
    const QString at = p.place.empty() ? QString() : tr("%1: ").arg(QString::fromStdString(p.place));
    switch (p.kind) {
        case Kind::None: return {};
        case Kind::Stopped: {
            const QString why = stopReason(p.reason), text = QString::fromStdString(p.text);
            return why.isEmpty() ? tr("%1stopped: %2").arg(at, text) : tr("%1stopped (%2): %3").arg(at, why, text);
        }
        case Kind::Error: return at + QString::fromStdString(p.text);
        case Kind::CutShort: {
            QString how;
            if (p.signal > 0)
                how = tr("the Python process was killed by %1").arg(QString::fromStdString(p.signalName()));
            else if (p.status >= 0)
                how = tr("the Python process ended with status %1").arg(p.status);
            else
                how = tr("the Python process ended");
            return tr("%1stopped: %2 before the program ended (the trace has no \"end\" line: the run up to its "
                      "last line)")
                .arg(at, how);
        }
    }
    return {};
}

}  // namespace cs::ui
