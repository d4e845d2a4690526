#include "presentation_metrics.h"

#include <algorithm>
#include <cmath>

namespace cs::ui {

PresentationMetrics PresentationMetrics::forScreen(QSize logicalSize, double devicePixelRatio) {
    PresentationMetrics m;
    const double dpr = devicePixelRatio > 0.0 ? devicePixelRatio : 1.0;
    m.devicePixelRatio = dpr;
    // The wall shows device pixels: scale by the screen's height in them,
    // within reason (a 720p projector still gets big text; a 4K one no more
    // than twice the reference).
    const double k = std::clamp(logicalSize.height() * dpr / kReferenceHeight, 0.8, 2.0);
    // Fonts in whole logical pixels, rounded up: never below the minimum
    // once multiplied back by a fractional ratio.
    m.textPx = std::ceil(kMinTextPx * k / dpr - 1e-9);
    m.codePx = std::ceil(kMinCodePx * k / dpr - 1e-9);
    m.arrowWidth = kMinArrowPx * k / dpr;
    m.markerDiameter = kMinEndMarkerPx * k / dpr;
    m.timelineScale = std::max(1.0, kTimelineScale * k / dpr);
    return m;
}

}  // namespace cs::ui
