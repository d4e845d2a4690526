#include "export/timeline_renderer.h"

#include <QFile>
#include <QPainter>
#include <QSvgGenerator>

#include "timeline/legend_bar.h"
#include "timeline/timeline_view.h"

namespace cs::ui {

namespace {
// A picture shorter than this has no room for lanes under the tracks.
constexpr int kMinTimelineHeight = 120;

// The key for the view's run in its font, palette and scale, `width` wide;
// with the density rows' key when the lanes fold. Returns its height.
int sizedKey(LegendBar& key, const TimelineView& view, int width, bool folded) {
    key.setPalette(view.palette());
    key.setFont(view.font());
    key.setScale(view.scale());
    key.setStates(view.model().run().canHave());
    key.setDensity(folded);
    key.resize(width, key.heightForWidth(width));
    return key.height();
}

}  // namespace

int TimelineRenderer::prepareKey(LegendBar& key, const TimelineView& view, QSize size) {
    const int plain = sizedKey(key, view, size.width(), false);
    // Lanes folded into density rows above it: their key too (folding only
    // grows as the key takes more of the height).
    if (!view.foldsAt(QSize(size.width(), size.height() - plain))) return plain;
    return sizedKey(key, view, size.width(), true);
}

int TimelineRenderer::legendHeight(const TimelineView& view, int width, bool legend) {
    if (!legend) return 0;
    // The picture's timeline is as tall as the view, the key under it.
    LegendBar bar;
    return sizedKey(bar, view, width, view.foldsAt(QSize(width, view.height())));
}

void TimelineRenderer::paint(QPainter& p, TimelineView& view, QSize size, bool legend) {
    LegendBar bar;
    int legendH = 0;
    if (legend) {
        legendH = prepareKey(bar, view, size);
        if (size.height() - legendH < kMinTimelineHeight) legendH = 0;  // too small: timeline only
    }
    const QSize timelineSize(size.width(), size.height() - legendH);
    p.save();
    p.setClipRect(QRect(QPoint(0, 0), timelineSize));
    // The passes fill p.viewport(): make it the timeline's part of the canvas.
    p.setViewport(QRect(QPoint(0, 0), timelineSize));
    p.setWindow(QRect(QPoint(0, 0), timelineSize));
    view.render(p, timelineSize);
    p.restore();
    if (legendH > 0) {
        p.save();
        p.fillRect(QRect(0, timelineSize.height(), size.width(), legendH), view.palette().window());
        bar.render(&p, QPoint(0, timelineSize.height()), QRegion(), QWidget::DrawChildren);
        p.restore();
    }
}

QImage TimelineRenderer::image(TimelineView& view, QSize size, bool legend) {
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    img.fill(view.palette().window().color());
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    paint(p, view, size, legend);
    p.end();
    return img;
}

bool TimelineRenderer::savePng(TimelineView& view, QSize size, const QString& path, bool legend) {
    return image(view, size, legend).save(path, "PNG");
}

bool TimelineRenderer::saveSvg(TimelineView& view, QSize size, const QString& path, const QString& title,
                               bool legend) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return writeSvg(view, size, file, title, legend) && file.flush();
}

bool TimelineRenderer::writeSvg(TimelineView& view, QSize size, QIODevice& out, const QString& title, bool legend) {
    QSvgGenerator gen;
    gen.setOutputDevice(&out);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(title.isEmpty() ? QStringLiteral("Coroscope timeline") : title);
    gen.setDescription(QStringLiteral("Coroscope timeline"));
    QPainter p;
    if (!p.begin(&gen)) return false;
    p.setRenderHint(QPainter::Antialiasing, true);
    paint(p, view, size, legend);
    return p.end();
}

}  // namespace cs::ui
