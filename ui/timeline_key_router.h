#pragma once
// The timeline's navigation keys (W/S zoom, A/D pan, F fit, '.'/',' next and
// previous event) wherever the focus is in the main window or its floating
// docks: a spin box, a combo box, the lesson tree, a table, a button. Only a
// text input that can use the key as text keeps it (a search box gets its
// "w"; a QDoubleSpinBox gets its decimal "."; an integer spin box can use
// neither "." nor a thousands separator it does not show, so they go to the
// timeline).
//
// An application-wide event filter rather than QShortcuts: a shortcut loses
// to every widget that claims printable keys (a spin box's line edit claims
// "w" and then drops it), and item views and combo boxes would otherwise eat
// letters for their keyboard search. The keys reach the timeline as the same
// key event, so TimelineView::keyPressEvent stays the one place that says
// what they do.
#include <QObject>

class QKeyEvent;
class QWidget;

namespace cs::ui {

class TimelineKeyRouter : public QObject {
    Q_OBJECT
public:
    // Filters the application's key presses for the widgets of `window`
    // (which owns the router) and hands the navigation keys to `timeline`.
    TimelineKeyRouter(QWidget* window, QWidget* timeline);

    // True for the keys routed (no modifier but the keypad's).
    static bool isNavigationKey(const QKeyEvent& e);
    // True when `w` would take `e` as typed text: an editable line edit,
    // spin box, editable combo box or text edit whose validator (if any)
    // accepts the text with the key typed in.
    static bool takesAsText(QWidget* w, const QKeyEvent& e);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool belongsToWindow(QWidget* w) const;

    QWidget* window_;
    QWidget* timeline_;
};

}  // namespace cs::ui
