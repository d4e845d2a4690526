#include "timeline/viewport.h"

#include <algorithm>

namespace cs::ui {

namespace {
// A window that differs from whole by less than this is "the whole trace"
// (rounding in zoom round trips must not unfit it).
bool sameRange(TimeRange a, TimeRange b) {
    const double eps = 1e-12 * std::max({1.0, std::abs(a.end), std::abs(b.end)});
    return std::abs(a.begin - b.begin) <= eps && std::abs(a.end - b.end) <= eps;
}
}  // namespace

Viewport::Viewport(QObject* parent) : QObject(parent) {}

void Viewport::setWhole(TimeRange whole) {
    if (!(whole.span() > 0.0)) whole.end = whole.begin + 1.0;
    if (whole == whole_) return;
    whole_ = whole;
    emit wholeChanged(whole_);
    if (fitted_)
        applyWindow(whole_, true);
    else
        applyWindow(tp::clampTo(window_, whole_), false);
    if (hasSelection()) {
        TimeRange s{std::max(selection_.begin, whole_.begin), std::min(selection_.end, whole_.end)};
        setSelection(s);
    }
}

void Viewport::applyWindow(TimeRange w, bool fitted) {
    w = tp::clampTo(w, whole_);
    fitted_ = fitted || sameRange(w, whole_);
    if (w == window_) return;
    window_ = w;
    emit windowChanged(window_);
}

void Viewport::setWindow(TimeRange window) { applyWindow(window, false); }

void Viewport::zoomAround(double anchor, double factor) {
    applyWindow(tp::zoomAround(window_, anchor, factor), false);
}

void Viewport::panBy(double dt) { applyWindow(tp::panBy(window_, dt), false); }

void Viewport::zoomTo(TimeRange window) {
    const TimeRange before = window_;
    applyWindow(window, false);
    if (!(window_ == before)) history_.push_back(before);
}

void Viewport::fit() {
    const TimeRange before = window_;
    applyWindow(whole_, true);
    if (!(window_ == before)) history_.push_back(before);
}

bool Viewport::zoomBack() {
    if (history_.empty()) return false;
    const TimeRange w = history_.back();
    history_.pop_back();
    applyWindow(w, false);
    return true;
}

void Viewport::setSelection(TimeRange selection) {
    if (selection.isEmpty()) {
        clearSelection();
        return;
    }
    selection.begin = std::max(selection.begin, whole_.begin);
    selection.end = std::min(selection.end, whole_.end);
    if (selection.isEmpty()) selection = {};
    if (selection == selection_) return;
    selection_ = selection;
    emit selectionChanged(selection_);
}

void Viewport::clearSelection() {
    if (selection_ == TimeRange{}) return;
    selection_ = {};
    emit selectionChanged(selection_);
}

void Viewport::setCursor(double t) {
    if (t == cursor_) return;
    cursor_ = t;
    emit cursorChanged(cursor_);
}

void Viewport::setSelectedTask(long long task) {
    if (task < 0) task = -1;
    if (task == selectedTask_) return;
    selectedTask_ = task;
    emit selectedTaskChanged(task);
}

void Viewport::ensureVisible(double t) {
    if (window_.contains(t)) return;
    const double margin = window_.span() * 0.1;
    if (t < window_.begin)
        applyWindow(tp::panBy(window_, t - margin - window_.begin), false);
    else
        applyWindow(tp::panBy(window_, t + margin - window_.end), false);
}

}  // namespace cs::ui
