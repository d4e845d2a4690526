// Presentation mode's sizes for the screens a classroom projects on: the
// minimums hold in device pixels at 1920×1080, also at 1.25× and 1.5×
// desktop scaling, and scale with the screen.
#include <catch2/catch.hpp>

#include "presentation_metrics.h"

using namespace cs::ui;
using M = PresentationMetrics;

TEST_CASE("on a 1920x1080 projector at 1x, 1.25x and 1.5x the text, code, arrows and markers reach their minimums "
          "in device pixels") {
    struct Row {
        QSize logical;
        double dpr;
    };
    for (const Row r : {Row{{1920, 1080}, 1.0}, Row{{1536, 864}, 1.25}, Row{{1280, 720}, 1.5}}) {
        CAPTURE(r.logical.width(), r.dpr);
        const M m = M::forScreen(r.logical, r.dpr);
        // Fonts are whole logical pixels.
        CHECK(m.textPx == std::floor(m.textPx));
        CHECK(m.codePx == std::floor(m.codePx));
        CHECK(m.device(m.textPx) >= M::kMinTextPx);
        CHECK(m.device(m.codePx) >= M::kMinCodePx);
        CHECK(m.device(m.arrowWidth) >= M::kMinArrowPx - 1e-9);
        CHECK(m.device(m.markerDiameter) >= M::kMinEndMarkerPx - 1e-9);
        // ...and not much more: the same wall, the same sizes.
        CHECK(m.device(m.textPx) < M::kMinTextPx + 2);
        CHECK(m.device(m.timelineScale) == Approx(M::kTimelineScale));
    }
}

TEST_CASE("presentation sizes follow the screen's height, within limits") {
    const M small = M::forScreen({1280, 720}, 1.0);
    const M hd = M::forScreen({1920, 1080}, 1.0);
    const M uhd = M::forScreen({3840, 2160}, 1.0);
    const M huge = M::forScreen({7680, 4320}, 1.0);
    CHECK(small.textPx < hd.textPx);
    CHECK(small.textPx >= 16);  // a 720p projector still gets big text
    CHECK(hd.textPx == M::kMinTextPx);
    CHECK(hd.codePx == M::kMinCodePx);
    CHECK(uhd.textPx == 2 * M::kMinTextPx);
    CHECK(huge.textPx == uhd.textPx);  // at most twice the reference
    CHECK(small.timelineScale >= 1.0);
    // A HiDPI laptop at 2x is the same wall as its 1280×720 logical screen at 1x... in device pixels.
    const M retina = M::forScreen({1280, 720}, 2.0);
    CHECK(retina.device(retina.textPx) >= hd.device(hd.textPx) * 1.3);
}
