#include "editor/runner_words.h"

namespace cs::ui {

namespace {

// The reasons the runner writes on its "stopped" line (runner_report.h).
struct Reason {
    const char* key;
    const char* words;
};
constexpr Reason kReasons[] = {
    {"wall_clock", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "too long in real time")},
    {"iterations", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "the loop spun without the clock moving")},
    {"virtual_time", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "past the virtual time limit")},
    {"memory", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "out of memory")},
    {"output", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "too much output")},
    {"real_io", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "real I/O")},
    {"refused_loop", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "an event loop the virtual clock cannot run")},
    {"blocking_call", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "a blocking call")},
    {"deadlock", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "a deadlock")},
    {"signal", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "a signal")},
    {"stop", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "asked to stop")},
    {"exit", QT_TRANSLATE_NOOP("cs::ui::RunnerWords", "the process exited")},
};

}  // namespace

QString RunnerWords::stopReason(const std::string& reason) {
    for (const Reason& r : kReasons)
        if (reason == r.key) return tr(r.words);
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
