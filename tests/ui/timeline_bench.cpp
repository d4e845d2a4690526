// Full-repaint time of the timeline at 1600x900 for large synthetic traces
// (not a ctest; BENCHMARKS.md records its numbers).
//   timeline_bench [--reps N] [--passes] [--png DIR] [TASKS...]      default: 100000 1000000
// Each task arrives, waits for one of 1000 permits, runs, ends; the events
// go through the real TraceStore and TimelineModel, and the real paint passes
// draw into a QImage (no window system needed).
//
// Every repaint is timed twice: wall clock and CPU time of this thread (the
// machine is shared, so the CPU time is the steadier figure). Each line gives
// the median, the 95th percentile (nearest rank) and the best of N repaints:
//   cold      the whole run in a view created just before the frame: no
//             cache of any kind (the first frame after opening a trace)
//   whole     the whole run, nothing changed since the previous frame
//   new zoom  the whole run, but the window moved by a hair before each
//             frame: every per-zoom cache is rebuilt (the first frame after
//             a zoom, a pan or a resize)
//   1% zoom   zoomed to 1% of the run, unchanged / moved before each frame
//   live      the whole run while events stream in: before each frame 1/200
//             of the trace is appended, synced and the live time advanced
// --png DIR saves the first frame of each case (to compare renderings).
// --passes adds the median CPU time of each paint pass, unchanged and after
// a zoom.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "timeline/passes/axis_pass.h"
#include "timeline/passes/background_pass.h"
#include "timeline/passes/counter_tracks_pass.h"
#include "timeline/passes/density_pass.h"
#include "timeline/passes/flows_pass.h"
#include "timeline/passes/lanes_pass.h"
#include "timeline/passes/overlay_pass.h"
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

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
    double bestWall, medWall, p95Wall, bestCpu, medCpu, p95Cpu;
};

// Nearest rank: the value at rank ceil(q * n) of the sorted sample.
double rank(const std::vector<double>& sorted, double q) {
    const auto r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(r, 1, sorted.size()) - 1];
}

Stats stats(std::vector<double> wall, std::vector<double> cpu) {
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall.front(), rank(wall, 0.5), rank(wall, 0.95), cpu.front(), rank(cpu, 0.5), rank(cpu, 0.95)};
}

int reps = 15;
QString pngDir;
std::string only;  // --only CASE: time just that case (for perf record)
bool perPass = false;

// Each pass on its own (fresh instances, so their caches are this
// function's): median CPU ms over `reps` frames, unchanged and after a zoom.
void passBreakdown(const TimelineModel& model, Viewport& viewport, QImage& image, const QFont& font,
                   const StatePalette& palette) {
    std::vector<std::pair<const char*, std::unique_ptr<PaintPass>>> passes;
    passes.emplace_back("background", std::make_unique<BackgroundPass>());
    passes.emplace_back("axis", std::make_unique<AxisPass>());
    passes.emplace_back("counters", std::make_unique<CounterTracksPass>());
    passes.emplace_back("lanes", std::make_unique<LanesPass>());
    passes.emplace_back("density", std::make_unique<DensityPass>());
    passes.emplace_back("flows", std::make_unique<FlowsPass>());
    passes.emplace_back("overlay", std::make_unique<OverlayPass>());
    const TimeRange w0 = viewport.window();
    for (const bool moved : {false, true}) {
        std::printf("    per pass%s:", moved ? ", new zoom" : "");
        for (auto& [name, pass] : passes) {
            std::vector<double> cpu;
            for (int r = 0; r <= reps; ++r) {
                if (moved) viewport.setWindow({w0.begin + w0.span() * 1e-4 * (r + 1), w0.end});
                QPainter p(&image);
                p.setFont(font);
                const TimelineLayout L = TimelineLayout::compute(image.size(), 1.0, model.taskCount(), 0, 0);
                PaintContext ctx{.painter = p,
                                 .model = model,
                                 .layout = L,
                                 .palette = palette,
                                 .window = viewport.window(),
                                 .whole = viewport.whole(),
                                 .selection = viewport.selection(),
                                 .cursor = viewport.cursor(),
                                 .now = model.ended() ? model.endTime() : model.now()};
                const double c0 = threadCpuMs();
                pass->paint(ctx);
                if (r > 0) cpu.push_back(threadCpuMs() - c0);  // r = 0 fills the caches
            }
            std::sort(cpu.begin(), cpu.end());
            std::printf(" %s %.2f", name, cpu[cpu.size() / 2]);
        }
        std::printf(" (ms)\n");
    }
    viewport.setWindow(w0);
}

std::vector<Ev> makeTrace(std::size_t n) {
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
    return evs;
}

void bench(std::size_t n) {
    QElapsedTimer clock;
    clock.start();
    const std::vector<Ev> evs = makeTrace(n);
    Scenario sc;
    sc.tasks.resize(n);
    sc.limit.kind = LimitKind::Semaphore;
    sc.limit.value = 1000;
    TraceRecorder rec;
    TimelineModel model;
    model.setSource(&rec);
    rec.configure(RunConfig::forScenario(sc));
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
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, model.taskCount(), 0, 0);
    std::printf("%zu tasks, %zu events (%s, %zu tasks per row) | trace built in %.0f ms, model sync %.0f ms\n", n,
                rec.size(), L.folded ? "density rows" : "lanes", L.tasksPerRow, buildMs, syncMs);

    // before(r) runs untimed before repaint r.
    // v is read before each repaint (before(r) may replace the view).
    auto time = [&](TimelineView* const& v, const char* name, const std::function<void(int)>& before) {
        if (!only.empty() && only != name && std::string(name) != "warm-up") return;
        std::vector<double> wall, cpu;
        for (int r = 0; r < reps; ++r) {
            if (before) before(r);
            QPainter p(&image);
            const double c0 = threadCpuMs();
            clock.restart();
            v->render(p, size);
            p.end();
            wall.push_back(clock.nsecsElapsed() / 1e6);
            cpu.push_back(threadCpuMs() - c0);
            if (r == 0 && !pngDir.isEmpty()) {
                std::string file = std::to_string(n) + "-" + name + ".png";
                std::replace(file.begin(), file.end(), ' ', '-');
                std::replace(file.begin(), file.end(), '%', 'p');
                image.save(pngDir + "/" + QString::fromStdString(file));
            }
        }
        const Stats s = stats(wall, cpu);
        std::printf("  %-14s wall median %6.2f ms, p95 %6.2f ms, best %6.2f ms | CPU median %6.2f ms, p95 %6.2f ms\n",
                    name, s.medWall, s.p95Wall, s.bestWall, s.medCpu, s.p95Cpu);
        std::fflush(stdout);
    };
    // A move by a hair changes every column boundary: nothing per zoom can be reused.
    auto nudge = [&](TimeRange w) {
        return [&viewport, w](int r) {
            const double d = w.span() * 1e-4 * (r + 1);
            viewport.setWindow({w.begin + d, w.end});
        };
    };
    const TimeRange whole{0.0, tEnd};
    viewport.zoomTo(whole);
    TimelineView* const viewPtr = &view;
    // cold: a new view before each frame (fresh passes, no cache of any
    // zoom), the whole run: the first frame after opening a trace.
    std::unique_ptr<TimelineView> fresh;
    TimelineView* freshPtr = nullptr;
    time(freshPtr, "cold", [&](int) {
        fresh.reset();
        fresh = std::make_unique<TimelineView>(&model, &viewport);
        fresh->resize(size);
        freshPtr = fresh.get();
    });
    fresh.reset();
    time(viewPtr, "warm-up", nullptr);
    time(viewPtr, "whole", nullptr);
    time(viewPtr, "whole new zoom", nudge(whole));
    viewport.zoomTo(whole);
    if (perPass) passBreakdown(model, viewport, image, view.font(), StatePalette::fromPalette(view.palette()));
    const TimeRange zoom{tEnd * 0.5, tEnd * 0.51};
    viewport.zoomTo(zoom);
    time(viewPtr, "1% zoom", nullptr);
    time(viewPtr, "1% new zoom", nudge(zoom));
    if (perPass) passBreakdown(model, viewport, image, view.font(), StatePalette::fromPalette(view.palette()));

    // Live: replay the trace into a fresh recorder, 1/200 of it per frame,
    // from 90% of it on (the frames that matter are the ones with a long
    // history behind them).
    TraceRecorder live;
    TimelineModel liveModel;
    liveModel.setSource(&live);
    live.configure(RunConfig::forScenario(sc));
    liveModel.configure(sc);
    std::size_t next = evs.size() * 9 / 10;
    for (std::size_t i = 0; i < next; ++i) live.append({evs[i].t, evs[i].task, evs[i].kind, evs[i].arg}, symbols);
    liveModel.sync();
    liveModel.setNow(evs[next].t);
    Viewport liveViewport;
    liveViewport.setWhole({0.0, tEnd});
    liveViewport.setCursor(evs[next].t);
    TimelineView liveView(&liveModel, &liveViewport);
    liveView.resize(size);
    {
        QPainter p(&image);
        liveView.render(p, size);  // the frame before the first timed one
    }
    const std::size_t per = std::max<std::size_t>(1, evs.size() / 200);
    auto stream = [&](int) {
        const std::size_t stop = std::min(evs.size(), next + per);
        for (; next < stop; ++next) live.append({evs[next].t, evs[next].task, evs[next].kind, evs[next].arg}, symbols);
        liveModel.sync();
        const double now = evs[std::min(evs.size() - 1, next)].t;
        liveModel.setNow(now);
        liveViewport.setCursor(now);
    };
    TimelineView* const liveViewPtr = &liveView;
    time(liveViewPtr, "live", stream);
}
}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/coroscope-bench";
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QFile::setPermissions(QString::fromLocal8Bit(dir),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    QApplication app(argc, argv);
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reps" && i + 1 < argc)
            reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--passes")
            perPass = true;
        else if (a == "--png" && i + 1 < argc)
            pngDir = QString::fromLocal8Bit(argv[++i]);
        else
            sizes.push_back(static_cast<std::size_t>(std::atoll(argv[i])));
    }
    if (sizes.empty()) sizes = {100000, 1000000};
    for (std::size_t n : sizes) bench(n);
    return 0;
}
