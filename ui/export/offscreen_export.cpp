#include "export/offscreen_export.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "export/timeline_renderer.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"
#include "timeline/trace_recorder.h"
#include "timeline/viewport.h"
#include "trace/trace_store.h"

namespace cs::ui {

namespace {

// Room after the last event, as the app leaves it, so end markers show.
constexpr double kWholeMargin = 1.03;

// Qt wants argc/argv that outlive the application object.
int gArgc = 1;
char gArg0[] = "coroscope-cli";
char* gArgv[] = {gArg0, nullptr};

// A command-line tool's stderr is for its own messages: Qt's chatter about
// the headless environment (no XDG_RUNTIME_DIR, no session) is dropped;
// anything critical still goes through.
void quietHandler(QtMsgType type, const QMessageLogContext&, const QString& msg) {
    if (type == QtDebugMsg || type == QtInfoMsg || type == QtWarningMsg) return;
    std::fprintf(stderr, "%s\n", qPrintable(msg));
}

void ensureApplication() {
    if (QApplication::instance()) return;
    // A CLI has no display: draw offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quietHandler);
    // Made once for the process (a PNG and an SVG share it) and left to the
    // OS at exit: tearing Qt down from a static destructor is not worth it.
    new QApplication(gArgc, gArgv);
}

}  // namespace

bool OffscreenExport::render(const TraceStore& events, const Scenario& scenario, const RunConfig& config, Format format, int width,
                             int height, std::string& bytes, std::string* error) {
    ensureApplication();

    TraceRecorder recorder;
    recorder.configure(config);
    for (std::size_t i = 0; i < events.size(); ++i) recorder.append(events.at(i), events.symbols());
    TimelineModel model;
    model.setSource(&recorder);
    model.configure(scenario);
    model.sync();
    const double last = events.empty() ? 0.0 : events.timeAt(events.size() - 1);
    model.setNow(last);

    Viewport viewport;
    viewport.setWhole({0.0, last > 0 ? last * kWholeMargin : 1.0});
    viewport.fit();
    viewport.setCursor(last);

    TimelineView view(&model, &viewport);
    const QSize size(std::max(width, 1), std::max(height, 1));
    view.resize(size);
    view.setLive(true);
    // And room for the labels after the last marks, as the app leaves it.
    if (last > 0) {
        viewport.setWhole({0.0, view.roomyEnd(last * kWholeMargin)});
        viewport.fit();
    }

    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    const QString title = QString::fromStdString(scenario.title);
    const bool ok = format == Format::Png ? TimelineRenderer::image(view, size).save(&buffer, "PNG")
                                          : TimelineRenderer::writeSvg(view, size, buffer, title);
    if (!ok) {
        if (error) *error = "cannot encode the image";
        return false;
    }
    bytes.assign(out.constData(), static_cast<std::size_t>(out.size()));
    return true;
}

}  // namespace cs::ui
