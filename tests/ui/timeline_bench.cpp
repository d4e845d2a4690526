// Full-repaint time of the timeline at 1600x900 for large synthetic traces
// (not a ctest; BENCHMARKS.md records its numbers).
//   timeline_bench [TASKS...]      default: 100000 1000000
// Each task arrives, waits for one of 1000 permits, runs, ends; the events
// go through the real TraceStore and TimelineModel, and the real paint passes
// draw into a QImage (no window system needed).
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "model/scenario.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"
#include "timeline/trace_recorder.h"
#include "timeline/viewport.h"

using namespace cs;
using namespace cs::ui;

namespace {
struct Ev {
    double t;
    std::int32_t task;
    EvKind kind;
    std::int32_t arg;
};

std::uint64_t rng = 42;
double uniform() {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return static_cast<double>(rng >> 11) * 0x1.0p-53;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void bench(std::size_t n) {
    QElapsedTimer clock;
    clock.start();
    const double horizon = 600.0;
    std::vector<Ev> evs;
    evs.reserve(n * 4 + 2);
    for (std::size_t i = 0; i < n; ++i) {
        const auto task = static_cast<std::int32_t>(i);
        const double created = horizon * 0.8 * uniform();
        const double run = created + 5.0 * uniform() * uniform();
        const double end = run + 0.2 + 3.0 * uniform();
        evs.push_back({created, task, EvKind::Created, 0});
        evs.push_back({created, task, EvKind::Request, 0});
        evs.push_back({run, task, EvKind::Running, 0});
        evs.push_back({end, task, i % 97 == 0 ? EvKind::Failed : EvKind::Done, 0});
    }
    std::stable_sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) { return a.t < b.t; });
    Scenario sc;
    sc.tasks.resize(n);
    sc.limit.kind = LimitKind::Semaphore;
    sc.limit.value = 1000;
    TraceRecorder rec;
    TimelineModel model;
    model.setSource(&rec);
    model.configure(sc);
    Symbols symbols;
    for (const Ev& e : evs) rec.append({e.t, e.task, e.kind, e.arg}, symbols);
    const double tEnd = evs.back().t;
    rec.append({tEnd, -1, EvKind::End, 0}, symbols);
    const double buildMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    model.sync();
    model.setNow(tEnd);
    const double syncMs = clock.nsecsElapsed() / 1e6;

    Viewport viewport;
    viewport.setWhole({0.0, tEnd});
    viewport.setCursor(tEnd);
    TimelineView view(&model, &viewport);
    const QSize size(1600, 900);
    view.resize(size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    auto time = [&](int reps) {
        std::vector<double> ms;
        for (int r = 0; r < reps; ++r) {
            QPainter p(&image);
            clock.restart();
            view.render(p, size);
            p.end();
            ms.push_back(clock.nsecsElapsed() / 1e6);
        }
        return median(ms);
    };
    time(1);  // warm-up
    const double whole = time(7);
    viewport.zoomTo({tEnd * 0.5, tEnd * 0.51});
    const double zoomed = time(7);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, model.taskCount(), 0, 0);
    std::printf("%9zu tasks %9zu events | trace %7.0f ms, model sync %6.0f ms | full repaint 1600x900: whole run "
                "%7.1f ms, zoomed to 1%% %7.1f ms | %s, %zu tasks per row\n",
                n, rec.size(), buildMs, syncMs, whole, zoomed, L.folded ? "density rows" : "lanes", L.tasksPerRow);
    std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/coroscope-bench";
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QFile::setPermissions(QString::fromLocal8Bit(dir), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    QApplication app(argc, argv);
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(static_cast<std::size_t>(std::atoll(argv[i])));
    if (sizes.empty()) sizes = {100000, 1000000};
    for (std::size_t n : sizes) bench(n);
    return 0;
}
