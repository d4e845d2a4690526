#pragma once
// Sizes for presentation mode (F11), from the screen the window is on: what
// the back row of a classroom can read from a projector. The minimums are
// stated for a 1920×1080 projector in device pixels; other screens scale
// them by their height (a 1280×720 one a little smaller, a 4K one larger),
// and a fractional desktop scale (1.25×, 1.5×) is taken out so that the
// pixels on the wall stay the same. Pure arithmetic: tested with tables.
#include <QSize>

namespace cs::ui {

struct PresentationMetrics {
    // On a 1920×1080 projector, in device pixels (font sizes are em heights):
    static constexpr int kMinTextPx = 20;            // lane labels, lesson text, the whole UI
    static constexpr int kMinCodePx = 18;            // the program in the Code dock
    static constexpr double kMinArrowPx = 3.0;       // every permit hand-over arrow
    static constexpr double kMinEndMarkerPx = 12.0;  // done / failed / cancelled markers
    static constexpr int kReferenceHeight = 1080;
    // Lanes and counter tracks grow with the text, as they did at 1.6× on
    // the reference projector.
    static constexpr double kTimelineScale = 1.6;
    // The lesson text and the code share this part of the window's width,
    // beside the timeline.
    static constexpr double kSideColumn = 0.36;

    // In logical pixels (what Qt lays out in):
    double textPx = 0.0;          // the application font
    double codePx = 0.0;          // the Code dock's font
    double timelineScale = 1.0;   // TimelineView::setScale
    double arrowWidth = 1.0;      // the thinnest hand-over arrow
    double markerDiameter = 0.0;  // the smallest end marker
    double devicePixelRatio = 1.0;

    // logicalSize: the screen's size in logical pixels; devicePixelRatio:
    // device pixels per logical pixel (QScreen::devicePixelRatio).
    static PresentationMetrics forScreen(QSize logicalSize, double devicePixelRatio);
    // Device pixels (what the projector shows) of a logical length.
    double device(double logical) const { return logical * devicePixelRatio; }
};

}  // namespace cs::ui
