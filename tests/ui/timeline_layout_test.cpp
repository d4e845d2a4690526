// Where things go on the timeline: lanes, density rows and how many of them
// carry a label, for the sizes a classroom shows.
#include <catch2/catch.hpp>

#include "timeline/timeline_layout.h"

using namespace cs::ui;

TEST_CASE("lanes tall enough for a line of text are all labelled, thinner ones every 2nd, 5th, 10th...") {
    const int text = 15;  // a 9 pt label
    struct Row {
        std::size_t tasks;
        std::size_t stride;
    };
    // 700 px: ~480 px of lanes under the ruler and the counter tracks.
    for (const Row r : {Row{10, 1}, Row{20, 1}, Row{40, 2}, Row{80, 5}, Row{150, 5}}) {
        CAPTURE(r.tasks);
        const TimelineLayout L = TimelineLayout::compute({1200, 700}, 1.0, r.tasks, 0, 0);
        REQUIRE_FALSE(L.folded);
        CHECK(L.labelStride(text) == r.stride);
        // Labels one stride apart never overlap (a tenth of slack for a
        // label on every lane, none for labels a stride apart).
        const std::size_t k = L.labelStride(text);
        CHECK(k * L.laneHeight >= (k == 1 ? text * 0.9 : text));
    }
}

TEST_CASE("labels a stride apart get their whole height: presentation mode's 19 px on 8.6 px lanes") {
    // 24 lanes at 1280x720 in presentation mode (a lesson of 24 tasks): a
    // stride of 2 left 17.25 px for a 19 px label, and Chinese glyphs,
    // which fill their line, overlapped.
    TimelineLayout L;
    L.laneHeight = 8.625;
    CHECK(L.labelStride(19) == 5);
    L.laneHeight = 10.0;
    CHECK(L.labelStride(19) == 2);
    L.laneHeight = 17.0;
    CHECK(L.labelStride(19) == 2);  // 19 * 0.9 > 17: not one a lane
    L.laneHeight = 18.0;
    CHECK(L.labelStride(19) == 1);
}

TEST_CASE("density rows stand for a round number of tasks, and their labels for a round range") {
    for (const std::size_t n : {1000u, 5000u, 123457u, 1000000u}) {
        CAPTURE(n);
        const TimelineLayout L = TimelineLayout::compute({1200, 700}, 1.0, n, 0, 0);
        REQUIRE(L.folded);
        CHECK(L.rows * L.tasksPerRow >= n);
        CHECK(L.rows * static_cast<std::size_t>(L.rowHeight) <= static_cast<std::size_t>(L.lanes.height()));
        // 1, 2 or 5 times a power of ten.
        std::size_t m = L.tasksPerRow;
        while (m % 10 == 0) m /= 10;
        CHECK((m == 1 || m == 2 || m == 5));
        CHECK(L.labelStride(15) * static_cast<std::size_t>(L.rowHeight) >= 13);
    }
}

TEST_CASE("the Counter track is there only for a run with a shared counter, between the tracks and the lanes") {
    const auto trackOf = [](const TimelineLayout& L, TrackKind k) {
        for (const auto& t : L.tracks)
            if (t.kind == k) return t.rect;
        return QRect();
    };
    const TimelineLayout without = TimelineLayout::compute({1280, 720}, 1.0, 5, 0, 0);
    const TimelineLayout with = TimelineLayout::compute({1280, 720}, 1.0, 5, 0, 0, 0, 0, true);
    CHECK(trackOf(without, TrackKind::Counter).height() == 0);
    const QRect counter = trackOf(with, TrackKind::Counter);
    REQUIRE(counter.height() > 0);
    CHECK(counter.top() > trackOf(with, TrackKind::Throughput).bottom());
    CHECK(counter.bottom() < trackOf(with, TrackKind::Caller).top());
    CHECK(counter.bottom() < with.lanes.top());
    // The lanes give up exactly the track and its gap.
    CHECK(without.lanes.height() - with.lanes.height() == counter.height() + 4);
}

TEST_CASE("thin lanes take room from the counter tracks: 20 tasks under a 1280x720 projector") {
    // Presentation mode at 1280x720: the timeline is about 810x455 px at a
    // scale of 1.28 (PresentationMetrics), its labels 19 px. The tracks at
    // full height left 8.5 px lanes, every fifth labelled.
    const TimelineLayout L = TimelineLayout::compute({810, 455}, 1.28, 20, 0, 0);
    REQUIRE_FALSE(L.folded);
    CHECK(L.visibleLanes == 20);
    CHECK(L.laneHeight >= 11.0);
    CHECK(L.labelStride(19) <= 2);
    // Each track keeps a line of text.
    for (const auto& t : L.tracks)
        if (t.rect.height() > 0) CHECK(t.rect.height() >= 15);
    // Lanes that carry their labels leave the tracks alone, and so does a
    // chosen lane height (the view then scrolls).
    const TimelineLayout few = TimelineLayout::compute({810, 455}, 1.28, 8, 0, 0);
    const TimelineLayout fixed = TimelineLayout::compute({810, 455}, 1.28, 20, 12, 0);
    for (std::size_t i = 0; i < L.tracks.size(); ++i) {
        CHECK(few.tracks[i].rect == fixed.tracks[i].rect);
        CHECK(L.tracks[i].rect.height() <= few.tracks[i].rect.height());
    }
    CHECK(L.lanes.top() < few.lanes.top());
    // The shared counter's track keeps its height: its value and two lines
    // of words piled up at 26 px (40 tasks of the lost-update lesson).
    const auto counterOf = [](const TimelineLayout& X) {
        for (const auto& t : X.tracks)
            if (t.kind == TrackKind::Counter) return t.rect.height();
        return -1;
    };
    const TimelineLayout squeezed = TimelineLayout::compute({810, 455}, 1.28, 40, 0, 0, 0, 0, true);
    const TimelineLayout roomy = TimelineLayout::compute({810, 455}, 1.28, 4, 0, 0, 0, 0, true);
    REQUIRE(counterOf(roomy) > 0);
    CHECK(counterOf(squeezed) == counterOf(roomy));
}
