#include "timeline/first_frame_probe.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace cs::ui {

namespace {
// Milliseconds since the process started (Linux: /proc/self/stat field 22,
// in clock ticks, so about 10 ms coarse); -1 where unknown.
double msSinceExec() {
    QFile f(QStringLiteral("/proc/self/stat"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces), from field 3 on.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20) return -1;
    const double ticks = fields[19].toDouble();  // field 22
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double nowMs = static_cast<double>(boot.tv_sec) * 1e3 + static_cast<double>(boot.tv_nsec) / 1e6;
    return nowMs - ticks * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
}
}  // namespace

bool FirstFrameProbe::requested() { return qEnvironmentVariableIntValue("COROSCOPE_MEASURE_STARTUP") != 0; }

FirstFrameProbe::FirstFrameProbe(QObject* parent, Clock::time_point started)
    : QObject(parent), started_(started) {}

void FirstFrameProbe::install(QWidget* timeline, Clock::time_point started) {
    timeline->installEventFilter(new FirstFrameProbe(timeline, started));
}

bool FirstFrameProbe::eventFilter(QObject*, QEvent* event) {
    if (event->type() == QEvent::Paint && !seen_) {
        seen_ = true;
        // The paint event runs next and the backing store is flushed right
        // after it: a zero timer fires once the frame is on screen.
        QTimer::singleShot(0, this, &FirstFrameProbe::report);
    }
    return false;
}

void FirstFrameProbe::report() {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    std::printf("coroscope: first timeline frame on screen %.1f ms after main() (%.0f ms after exec, ±10)\n", ms,
                msSinceExec());
    std::fflush(stdout);
    QApplication::exit(0);
}

}  // namespace cs::ui
