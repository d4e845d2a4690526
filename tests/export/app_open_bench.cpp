// The app's File > Open of a trace, timed: MainWindow::openFile (the chunked
// reader, the session, the timeline model taking every event) and the first
// paint of the window, offscreen. For BENCHMARKS.md ("Reading files"), run
// by tests/bench/files_compare.sh; not a test.
//
//   app_open_bench FILE
//
// Prints: seconds to open, seconds to open and paint, the trace store's
// bytes, the process's peak RSS and its RSS before opening (Qt and the
// window alone).
#include <sys/resource.h>

#include <QApplication>
#include <chrono>
#include <cstdio>

#include "live/session.h"
#include "main_window.h"

namespace {

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s TRACE.jsonl\n", argv[0]);
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    cs::ui::MainWindow w;
    w.resize(1400, 900);
    w.show();
    QApplication::processEvents();
    const double before = peakRssMiB();
    const auto t0 = std::chrono::steady_clock::now();
    QString error;
    if (!w.openFile(QString::fromLocal8Bit(argv[1]), &error)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(error));
        return 2;
    }
    const auto t1 = std::chrono::steady_clock::now();
    w.repaint();
    QApplication::processEvents();
    const auto t2 = std::chrono::steady_clock::now();
    const auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("app open: %.3f s, with first paint %.3f s, %zu events, store %.1f MB, peak RSS %.1f MiB "
                "(%.1f MiB before opening)\n",
                secs(t0, t1), secs(t0, t2), w.session()->events().size(),
                static_cast<double>(w.session()->events().store().memoryBytes()) / 1e6, peakRssMiB(), before);
    return 0;
}
