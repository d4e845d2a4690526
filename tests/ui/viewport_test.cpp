#include <QSignalSpy>
#include <catch2/catch.hpp>

#include "timeline/viewport.h"

using namespace cs::ui;

TEST_CASE("the window always stays inside the whole trace, the selection inside the whole") {
    Viewport v;
    v.setWhole({0.0, 10.0});
    v.setWindow({-5.0, 2.0});
    CHECK(v.whole().contains(v.window()));
    CHECK(v.window() == TimeRange{0.0, 7.0});
    v.setWindow({8.0, 30.0});
    CHECK(v.whole().contains(v.window()));
    v.setSelection({-1.0, 20.0});
    CHECK(v.selection() == TimeRange{0.0, 10.0});
    v.setWhole({0.0, 4.0});
    CHECK(v.whole().contains(v.window()));
    CHECK(v.whole().contains(v.selection()));
}

TEST_CASE("setters emit only on a real change") {
    Viewport v;
    v.setWhole({0.0, 10.0});
    QSignalSpy whole(&v, &Viewport::wholeChanged);
    QSignalSpy window(&v, &Viewport::windowChanged);
    QSignalSpy selection(&v, &Viewport::selectionChanged);
    QSignalSpy cursor(&v, &Viewport::cursorChanged);
    v.setWhole({0.0, 10.0});
    v.setWindow(v.window());
    v.clearSelection();
    v.setCursor(v.cursor());
    CHECK(whole.count() == 0);
    CHECK(window.count() == 0);
    CHECK(selection.count() == 0);
    CHECK(cursor.count() == 0);
    v.setWindow({1.0, 2.0});
    v.setWindow({1.0, 2.0});
    CHECK(window.count() == 1);
    v.setCursor(1.5);
    v.setCursor(1.5);
    CHECK(cursor.count() == 1);
    CHECK(cursor.at(0).at(0).toDouble() == 1.5);
    v.setSelection({1.2, 1.4});
    v.setSelection({1.2, 1.4});
    CHECK(selection.count() == 1);
}

TEST_CASE("a fitted window follows a growing trace, a zoomed one stays put") {
    Viewport v;
    v.setWhole({0.0, 1.0});
    CHECK(v.isFitted());
    v.setWhole({0.0, 2.0});
    CHECK(v.window() == TimeRange{0.0, 2.0});
    v.zoomAround(0.5, 0.5);
    CHECK_FALSE(v.isFitted());
    const TimeRange zoomed = v.window();
    v.setWhole({0.0, 8.0});
    CHECK(v.window() == zoomed);
}

TEST_CASE("discrete zooms go on a history stack that zoomBack unwinds") {
    Viewport v;
    v.setWhole({0.0, 100.0});
    v.zoomTo({10.0, 20.0});
    v.zoomTo({12.0, 13.0});
    CHECK(v.historyDepth() == 2);
    CHECK(v.zoomBack());
    CHECK(v.window() == TimeRange{10.0, 20.0});
    CHECK(v.zoomBack());
    CHECK(v.window() == TimeRange{0.0, 100.0});
    CHECK(v.isFitted());
    CHECK_FALSE(v.zoomBack());
    // Continuous gestures do not fill the stack.
    for (int i = 0; i < 10; ++i) v.zoomAround(50.0, 0.9);
    CHECK(v.historyDepth() == 0);
    v.fit();
    CHECK(v.historyDepth() == 1);
    CHECK(v.window() == v.whole());
}

TEST_CASE("ensureVisible scrolls without zooming") {
    Viewport v;
    v.setWhole({0.0, 100.0});
    v.setWindow({10.0, 20.0});
    v.ensureVisible(50.0);
    CHECK(v.window().contains(50.0));
    CHECK(v.window().span() == Approx(10.0));
    v.ensureVisible(0.5);
    CHECK(v.window().contains(0.5));
}
