#pragma once
// The timeline as a picture: the same passes the widget paints with
// (TimelineView::render), into any QPainter at any size, as the view's
// viewport is zoomed, with the legend underneath. PNG through QImage, SVG
// through QSvgGenerator (text and lines stay vector; density rows are
// embedded images, as they are pixels on screen too).
#include <QImage>
#include <QSize>
#include <QString>

class QIODevice;
class QPainter;

namespace cs::ui {

class LegendBar;
class TimelineView;

class TimelineRenderer {
public:
    // Height the legend takes under a picture `width` wide (0 without one).
    static int legendHeight(const TimelineView& view, int width, bool legend);
    // The key under a picture of `size`: the view's font, palette and scale,
    // the run's states (LegendBar::setRun), the density rows' key when the
    // lanes above it fold; sized to the width. Returns its height.
    static int prepareKey(LegendBar& key, const TimelineView& view, QSize size);
    // Paints the timeline (and the legend below it) over (0, 0, size).
    static void paint(QPainter& p, TimelineView& view, QSize size, bool legend = true);
    static QImage image(TimelineView& view, QSize size, bool legend = true);
    static bool savePng(TimelineView& view, QSize size, const QString& path, bool legend = true);
    static bool saveSvg(TimelineView& view, QSize size, const QString& path, const QString& title,
                        bool legend = true);
    // The SVG document written to `out` (an open device).
    static bool writeSvg(TimelineView& view, QSize size, QIODevice& out, const QString& title, bool legend = true);
};

}  // namespace cs::ui
