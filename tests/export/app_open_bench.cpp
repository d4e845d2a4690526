// The app's File > Open of a trace, timed: MainWindow::openFile (the chunked
// reader, the session, the timeline model taking every event) and the first
// paint of the window, offscreen. For BENCHMARKS.md ("Reading files"), run
// by tests/bench/files_compare.sh; not a test.
//
//   app_open_bench FILE [--play | --again | --chrome OUT | --csv OUT]
//
// Prints: seconds to open, seconds to open and paint, the trace store's
// bytes, the process's peak RSS and its RSS before opening (Qt and the
// window alone). With --play, then: the trace played from t = 0 to its end
// (Session::restart, then advanceTo in 100 steps, each painted), the
// seconds that took and the peak RSS after it. With --again: the same file
// opened a second time over the first (File > Open of another trace), the
// seconds and the peak RSS after it. With --chrome OUT or --csv OUT: the
// app's File > Export of that kind to OUT, the seconds and the peak RSS.
#include <sys/resource.h>

#include <QApplication>
#include <chrono>
#include <cstdio>
#include <string_view>

#include "live/session.h"
#include "export/file_actions.h"
#include "main_window.h"

namespace {

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    const bool play = argc == 3 && std::string_view(argv[2]) == "--play";
    const bool again = argc == 3 && std::string_view(argv[2]) == "--again";
    const bool exportTo = argc == 4 && (std::string_view(argv[2]) == "--chrome" || std::string_view(argv[2]) == "--csv");
    if (argc != 2 && !play && !again && !exportTo) {
        std::fprintf(stderr, "usage: %s TRACE.jsonl [--play | --again | --chrome OUT | --csv OUT]\n", argv[0]);
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
    if (again) {
        const auto a0 = std::chrono::steady_clock::now();
        if (!w.openFile(QString::fromLocal8Bit(argv[1]), &error)) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            return 2;
        }
        w.repaint();
        QApplication::processEvents();
        std::printf("opened again: %.3f s with its paint, peak RSS %.1f MiB\n",
                    secs(a0, std::chrono::steady_clock::now()), peakRssMiB());
    }
    if (exportTo) {
        const auto e0 = std::chrono::steady_clock::now();
        const QString out = QString::fromLocal8Bit(argv[3]);
        const bool ok = std::string_view(argv[2]) == "--chrome" ? w.files()->exportChromeFile(out, &error)
                                                                  : w.files()->exportCsvFile(out, &error);
        if (!ok) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            return 2;
        }
        std::printf("export %s: %.3f s, peak RSS %.1f MiB\n", argv[2] + 2,
                    secs(e0, std::chrono::steady_clock::now()), peakRssMiB());
    }
    if (!play) return 0;
    cs::ui::Session& session = *w.session();
    const double end = session.run().makespan();
    const auto p0 = std::chrono::steady_clock::now();
    session.restart();
    constexpr int kSteps = 100;
    for (int k = 1; k <= kSteps; ++k) {
        session.advanceTo(end * k / kSteps);
        w.repaint();
        QApplication::processEvents();
    }
    const auto p1 = std::chrono::steady_clock::now();
    std::printf("play to the end: %.3f s, %zu events shown, peak RSS %.1f MiB\n", secs(p0, p1),
                session.events().size(), peakRssMiB());
    return 0;
}
