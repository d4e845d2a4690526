#include "timeline/step_series.h"

#include <algorithm>

namespace cs::ui {

void StepSeries::set(double t, std::int64_t v) {
    if (!t_.empty() && t_.back() >= t) {
        // Same instant: only the settled value is visible at any zoom.
        v_.back() = v;
        if (v_.size() >= 2 && v_[v_.size() - 2] == v) {
            t_.pop_back();
            v_.pop_back();
        }
    } else if (v_.empty() || v_.back() != v) {
        t_.push_back(t);
        v_.push_back(v);
    }
    max_ = std::max(max_, v);
}

void StepSeries::clear() {
    t_.clear();
    v_.clear();
    max_ = 0;
}

std::size_t StepSeries::indexAtOrBefore(double t) const {
    auto it = std::upper_bound(t_.begin(), t_.end(), t);
    if (it == t_.begin()) return t_.size();
    return static_cast<std::size_t>(it - t_.begin()) - 1;
}

std::size_t StepSeries::firstIndexAfter(double t) const {
    return static_cast<std::size_t>(std::upper_bound(t_.begin(), t_.end(), t) - t_.begin());
}

std::int64_t StepSeries::valueAtTime(double t, std::int64_t before) const {
    const std::size_t i = indexAtOrBefore(t);
    return i == t_.size() ? before : v_[i];
}

double StepSeries::integral(double t) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < t_.size() && t_[i] < t; ++i) {
        const double next = i + 1 < t_.size() ? std::min(t_[i + 1], t) : t;
        sum += static_cast<double>(v_[i]) * (next - t_[i]);
    }
    return sum;
}

void StepSeries::maxPerColumn(TimeRange w, int width, double until, std::vector<std::int64_t>& out) const {
    out.assign(static_cast<std::size_t>(std::max(0, width)), -1);
    if (width <= 0 || w.isEmpty()) return;
    std::size_t j = indexAtOrBefore(w.begin);
    std::int64_t v = 0;
    if (j == t_.size()) {
        j = 0;
    } else {
        v = v_[j];
        ++j;
    }
    const double dt = w.span() / width;
    for (int x = 0; x < width; ++x) {
        const double colStart = w.begin + x * dt;
        if (colStart > until) break;
        const double colEnd = w.begin + (x + 1) * dt;
        std::int64_t m = v;
        while (j < t_.size() && t_[j] < colEnd && t_[j] <= until) {
            v = v_[j];
            m = std::max(m, v);
            ++j;
        }
        out[static_cast<std::size_t>(x)] = m;
    }
}

}  // namespace cs::ui
