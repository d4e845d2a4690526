#pragma once
// What part of the trace is looked at: whole trace ⊇ window ⊇ selection, plus
// the cursor (the instant the panels describe), the selected task and a zoom
// history stack.
// No painting here; views listen to the change signals. Setters emit only on
// a real change.
#include <QObject>
#include <vector>

#include "timeline/time_pixel.h"

namespace cs::ui {

class Viewport : public QObject {
    Q_OBJECT
public:
    explicit Viewport(QObject* parent = nullptr);

    TimeRange whole() const { return whole_; }
    TimeRange window() const { return window_; }
    // Empty when nothing is selected.
    TimeRange selection() const { return selection_; }
    bool hasSelection() const { return !selection_.isEmpty(); }
    double cursor() const { return cursor_; }
    // The selected task (its lane lit on the timeline, its row in the Tasks
    // table, its code in the Code panel), -1 for none.
    long long selectedTask() const { return selectedTask_; }
    // True while the window shows the whole trace: a growing trace (live run)
    // then keeps being shown whole.
    bool isFitted() const { return fitted_; }

    // The trace extent. A fitted window follows it; otherwise the window and
    // selection are clamped into it.
    void setWhole(TimeRange whole);
    // Continuous gestures (wheel, drag, W/S/A/D): no history entry.
    void setWindow(TimeRange window);
    void zoomAround(double anchor, double factor);
    void panBy(double dt);
    // Discrete jumps (fit, zoom to selection): the old window goes on the
    // history stack so that zoomBack() returns to it.
    void zoomTo(TimeRange window);
    void fit();
    bool zoomBack();
    std::size_t historyDepth() const { return history_.size(); }

    void setSelection(TimeRange selection);
    void clearSelection();
    void setCursor(double t);
    void setSelectedTask(long long task);
    // Scroll the window (no zoom) so that t is visible with a margin.
    void ensureVisible(double t);

signals:
    void wholeChanged(cs::ui::TimeRange whole);
    void windowChanged(cs::ui::TimeRange window);
    void selectionChanged(cs::ui::TimeRange selection);
    void cursorChanged(double t);
    void selectedTaskChanged(long long task);

private:
    void applyWindow(TimeRange w, bool fitted);

    TimeRange whole_{0.0, 1.0};
    TimeRange window_{0.0, 1.0};
    TimeRange selection_{};
    double cursor_ = 0.0;
    long long selectedTask_ = -1;
    bool fitted_ = true;
    std::vector<TimeRange> history_;
};

}  // namespace cs::ui
