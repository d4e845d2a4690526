// Live play in the real main window (MainWindow, LiveRunner, every panel):
// frame times while events stream in. Not a ctest; BENCHMARKS.md, "App".
//   xvfb-run -a -s "-screen 0 1600x1000x24" live_bench [options]
//   --tasks N      tasks in the scenario (10000)
//   --seconds S    seconds measured, after one second of warm-up (10)
//   --speed X      play speed (1)
//   --rate R       arrivals per virtual second (400)
//   --limit L      Semaphore(L) (200)
// The workload: N tasks arriving at R/s, each one io step of 1-3 s (2% fail),
// behind a semaphore, collected by gather(return_exceptions=True); at the defaults the run lasts
// ~30 virtual seconds, so events stream in during the whole measurement.
//
// A frame starts with the timeline's paint event. Per frame:
//   interval  wall time since the previous frame (what fps is made of)
//   busy      wall time the GUI thread did not wait in the event loop
//             (engine run, model sync, panels, painting, flushing)
//   CPU       CPU time of the GUI thread
//   paint     the timeline's own paintEvent
// Each is reported as median / p95 / p99 / max, plus fps and the events
// appended per second, and the peak RSS of the process.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "live/live_runner.h"
#include "live/session.h"
#include "live/workload.h"
#include "main_window.h"
#include "timeline/timeline_view.h"

using namespace cs;
using namespace cs::ui;

namespace {
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Frame {
    double interval, busy, cpu, paint;
};

// Busy time of the GUI thread: every event delivery (timers, posted
// events, input, paint) goes through notify(); nested ones count once.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override {
        if (depth_++ > 0) {
            const bool r = QApplication::notify(receiver, event);
            --depth_;
            return r;
        }
        const qint64 t0 = clock_.nsecsElapsed();
        const bool r = QApplication::notify(receiver, event);
        busyNs_ += clock_.nsecsElapsed() - t0;
        --depth_;
        return r;
    }
    // Busy nanoseconds so far, including the delivery in progress.
    qint64 busyNs() const { return busyNs_; }
    qint64 nowNs() const { return clock_.nsecsElapsed(); }
    void start() { clock_.start(); }

private:
    QElapsedTimer clock_;
    qint64 busyNs_ = 0;
    int depth_ = 0;
};

// A frame at every paint event of the timeline.
class Probe : public QObject {
public:
    Probe(TimedApplication* app, TimelineView* view) : app_(app), view_(view) { view->installEventFilter(this); }
    void startRecording() {
        recording_ = true;
        frames_.clear();
        last_ = -1;
    }
    void stopRecording() { recording_ = false; }
    const std::vector<Frame>& frames() const { return frames_; }

protected:
    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() != QEvent::Paint) return false;
        // Frame k's figures run from paint k-1 to paint k: the previous
        // paint, its flush, the next tick (engine, model, panels) and the
        // events in between. The delivery in progress counts from its start.
        const qint64 now = app_->nowNs();
        const double cpu = threadCpuMs();
        const qint64 busy = app_->busyNs();
        if (recording_ && last_ >= 0)
            frames_.push_back({static_cast<double>(now - last_) / 1e6, static_cast<double>(busy - lastBusy_) / 1e6,
                               cpu - lastCpu_, view_->lastPaintMs()});
        last_ = now;
        lastCpu_ = cpu;
        lastBusy_ = busy;
        return false;
    }

private:
    TimedApplication* app_;
    TimelineView* view_;
    qint64 last_ = -1, lastBusy_ = 0;
    double lastCpu_ = 0.0;
    bool recording_ = false;
    std::vector<Frame> frames_;
};

double pct(std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::min<double>(static_cast<double>(v.size()) - 1, q * static_cast<double>(v.size())));
    return v[i];
}

void line(const char* name, const std::vector<Frame>& f, double Frame::*field) {
    std::vector<double> v;
    v.reserve(f.size());
    for (const Frame& x : f) v.push_back(x.*field);
    std::printf("  %-9s median %6.2f ms, p95 %6.2f ms, p99 %6.2f ms, max %6.2f ms\n", name, pct(v, 0.5), pct(v, 0.95),
                pct(v, 0.99), pct(v, 1.0));
}
}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/coroscope-bench";
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QFile::setPermissions(QString::fromLocal8Bit(dir),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    int tasks = 10000;
    double seconds = 10.0, speed = 1.0, rate = 400.0;
    int limit = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const double v = std::atof(argv[i + 1]);
        if (a == "--tasks") tasks = static_cast<int>(v);
        else if (a == "--seconds") seconds = v;
        else if (a == "--speed") speed = v;
        else if (a == "--rate") rate = v;
        else if (a == "--limit") limit = static_cast<int>(v);
        else {
            std::fprintf(stderr, "live_bench: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    TimedApplication app(argc, argv);
    app.start();
    QApplication::setOrganizationName(QStringLiteral("Coroscope-bench"));  // not the user's saved layout

    Scenario s;
    s.title = "live bench";
    WorkloadSpec spec;
    spec.count = tasks;
    spec.dist = WorkloadSpec::Dist::Uniform;
    spec.mean = 2.0;
    spec.spread = 0.5;
    spec.failureRate = 0.02;
    spec.arrivalRate = rate;
    applyWorkload(spec, s);
    s.limit.kind = LimitKind::Semaphore;
    s.limit.value = limit;
    s.collect.returnExceptions = true;  // a failure must not end the run

    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) std::fprintf(stderr, "live_bench: window not exposed\n");
    Probe probe(&app, w.timeline());
    w.runner()->setSpeed(speed);
    QElapsedTimer load;
    load.start();
    w.loadScenario(s);  // plays at once
    const double loadMs = static_cast<double>(load.nsecsElapsed()) / 1e6;

    std::size_t events0 = 0;
    double live0 = 0.0;
    QTimer::singleShot(1000, &w, [&] {
        events0 = w.session()->events().size();
        live0 = w.session()->liveTime();
        probe.startRecording();
    });
    QTimer::singleShot(static_cast<int>(1000 + seconds * 1000), &w, [&] {
        probe.stopRecording();
        QApplication::exit(0);
    });
    QApplication::exec();

    const std::vector<Frame>& f = probe.frames();
    const std::size_t events = w.session()->events().size() - events0;
    const double virt = w.session()->liveTime() - live0;
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    double wall = 0.0;
    for (const Frame& x : f) wall += x.interval;
    std::printf("live_bench: %d tasks, speed %g, %.0f s measured (%s) | load + first run %.0f ms | window %dx%d, "
                "timeline %dx%d (%s)\n",
                tasks, speed, seconds, qPrintable(QGuiApplication::platformName()), loadMs, w.width(), w.height(),
                w.timeline()->width(), w.timeline()->height(),
                w.timeline()->currentLayout().folded ? "density rows" : "lanes");
    std::printf("  %zu frames, %.1f fps | %zu events appended (%.0f/s), %.1f virtual s played%s\n", f.size(),
                wall > 0 ? 1000.0 * static_cast<double>(f.size()) / wall : 0.0, events,
                wall > 0 ? 1000.0 * static_cast<double>(events) / wall : 0.0, virt,
                w.session()->finished() ? " (the run ended: measure less or slower)" : "");
    if (events == 0)  // a measurement of painting a still picture, not of live play
        std::printf("  WARNING: no event appended while measured: events did not stream in\n");
    line("interval", f, &Frame::interval);
    line("busy", f, &Frame::busy);
    line("CPU", f, &Frame::cpu);
    line("paint", f, &Frame::paint);
    std::printf("  peak RSS %.0f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
    return 0;
}
