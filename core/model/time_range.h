#pragma once
// A span of virtual time [begin, end], in seconds. Qt-free so that the run
// model's series and the timeline's painters share it (ui/timeline/time_pixel.h
// maps it to pixels).
namespace cs {

struct TimeRange {
    double begin = 0.0;
    double end = 0.0;
    constexpr double span() const { return end - begin; }
    constexpr bool isEmpty() const { return !(end > begin); }
    constexpr bool contains(double t) const { return t >= begin && t <= end; }
    constexpr bool contains(const TimeRange& r) const { return r.begin >= begin && r.end <= end; }
    constexpr bool operator==(const TimeRange&) const = default;
};

}  // namespace cs
