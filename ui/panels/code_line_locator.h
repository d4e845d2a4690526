#pragma once
// Which line of the generated Python program (codegen/python_program.h) a
// task is at, at an instant: waiting -> the `async with sem:` line (or the
// queue's get, aiojobs' spawn...), running -> the step it is in, done -> its
// return, and so on.
#include <QCoreApplication>
#include <QString>
#include <cstddef>

#include "codegen/python_program.h"
#include "model/scenario.h"

namespace cs::ui {

class TimelineModel;

struct CodeLocation {
    int line = 0;      // 1-based; 0: nothing to point at
    QString what;      // "task 3 waits for a permit"
};

class CodeLineLocator {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::CodeLineLocator)

public:
    static CodeLocation locate(const CodeLines& lines, const Scenario& s, const TimelineModel& m, std::size_t task,
                               double t);
    // The step of `task` being run at t (index into its steps), estimated from
    // its running time and step durations; -1 when not running.
    static int stepAt(const Scenario& s, const TimelineModel& m, std::size_t task, double t);
};

}  // namespace cs::ui
