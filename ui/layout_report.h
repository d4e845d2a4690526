#pragma once
// Whether a main window fits its screen as a user would see it: the frame
// inside the screen's available area, the central widget and every dock on
// screen (a dock may be a tab behind another, but then its tab must be
// there), no label, button or tab text cut off. The screenshot tests
// (COROSCOPE_LAYOUT_REPORT) and the offscreen UI tests both ask it, so the
// rules live in one place.
#include <QJsonObject>
#include <QRect>
#include <QStringList>

class QMainWindow;

namespace cs::ui {

class LayoutReport {
public:
    // Everything found wrong, one sentence each (empty: it fits). `screen`
    // is the available area the frame must lie in (an empty rect skips
    // that check: the offscreen platform's screen is not a real one).
    static QStringList problems(const QMainWindow& window, QRect screen);
    // The window's screen, frame, docks (visible, tabbed, floating, their
    // rectangles) and problems, for a test to keep next to its screenshot.
    static QJsonObject describe(const QMainWindow& window);
};

}  // namespace cs::ui
