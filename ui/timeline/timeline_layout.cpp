#include "timeline/timeline_layout.h"

#include <algorithm>
#include <cmath>

#include "timeline/time_pixel.h"

namespace cs::ui {

TimelineLayout TimelineLayout::compute(QSize size, double scale, std::size_t taskCount, int laneHeightPref,
                                       std::size_t firstLane, int noteStrip, std::size_t workers, bool counter,
                                       std::size_t permitBands, int minGutter) {
    TimelineLayout L;
    L.workers = workers;
    L.counter = counter;
    L.scale = scale;
    L.taskCount = taskCount;
    const auto s = [scale](double v) { return static_cast<int>(std::lround(v * scale)); };
    // Tracks grow less than lanes: in presentation mode the lanes are what
    // the room looks at.
    const double trackScale = std::sqrt(scale);
    const auto ts = [trackScale](double v) { return static_cast<int>(std::lround(v * trackScale)); };
    const int w = size.width();
    // Wider for labels that would not fit (a larger font, a longer word),
    // never at the cost of most of the time axis.
    L.gutter = std::max(s(132), std::min(minGutter, w / 3));
    const int right = s(12);
    const int h = size.height();
    L.timeArea = QRect(L.gutter, 0, std::max(1, w - L.gutter - right), h);

    int y = 0;
    L.ruler = QRect(0, y, w, s(26));
    y = L.ruler.bottom() + 1 + s(4);
    // The caller's lane (main()) sits last, right above the task lanes.
    // A Queue's workers, one row each, right above main() and the lanes;
    // rows scale as text does (their job numbers are 3/4 of a row: 19 px on
    // a 1080p projector, where 14 px rows that grew as tracks do gave 13).
    const int workerRows = static_cast<int>(std::min(workers, kMaxWorkerRows));
    // The shared counter (lost update, Lock) under the throughput.
    // The permits of each Semaphore or Lock drawn apart: a band of one text
    // line and its bars each.
    const int permitsHeight = permitBands >= 2 ? static_cast<int>(permitBands) * ts(30) : ts(64);
    const std::array<std::pair<TrackKind, int>, 7> heights{{{TrackKind::Permits, permitsHeight},
                                                            {TrackKind::Waiting, ts(40)},
                                                            {TrackKind::Loop, ts(20)},
                                                            {TrackKind::Throughput, ts(40)},
                                                            {TrackKind::Counter, counter ? ts(44) : 0},
                                                            {TrackKind::Workers, workerRows * s(16)},
                                                            {TrackKind::Caller, ts(26)}}};
    const int tracksTop = y;
    // The tracks, each `squeeze` of its height (a whole text line at least,
    // as each carries one; the Workers' and the Counter whole), and the
    // lanes under them.
    const auto place = [&](double squeeze) {
        y = tracksTop;
        for (std::size_t i = 0; i < heights.size(); ++i) {
            const int full = heights[i].second;
            // (The Workers' rows each carry a line of job numbers, the
            // Counter its value and two lines of words: kept.)
            const bool rows = heights[i].first == TrackKind::Workers || heights[i].first == TrackKind::Counter;
            const int height =
                full > 0 && !rows ? std::max(std::min(full, ts(18)), static_cast<int>(full * squeeze)) : full;
            L.tracks[i] = {heights[i].first, QRect(0, y, w, height)};
            if (height > 0) y += height + s(4);
        }
        y += s(6);
        if (noteStrip > 0) {
            // Never more than half of what is left: the lanes are the picture.
            const int strip = std::min(noteStrip, std::max(0, (h - y) / 2));
            L.notes = QRect(0, y, w, strip);
            y += strip;
        }
        L.lanes = QRect(0, y, w, std::max(0, h - y - s(4)));
    };
    place(1.0);
    // Lanes all on screen but thinner than a label's line (a lesson of 20
    // tasks under a 1280x720 projector: 8 px lanes, every fifth labelled):
    // the counter tracks give up to 40 % of their height to the lanes.
    if (laneHeightPref <= 0 && taskCount > 0) {
        const double readable = 15.0 * scale;  // a label's line (15 px at scale 1, 19 at 1.28)
        const double lane = L.lanes.height() / static_cast<double>(taskCount);
        const int tracksHeight = L.lanes.top() - tracksTop;
        if (lane < readable && lane >= 3.0 && tracksHeight > 0) {
            const double need = (readable - lane) * static_cast<double>(taskCount);
            place(std::max(0.6, 1.0 - need / tracksHeight));
        }
    }

    const double area = L.lanes.height();
    const double maxLane = 28.0 * scale;
    const double minLane = 3.0;
    if (taskCount == 0) {
        L.laneHeight = maxLane;
        return L;
    }
    if (laneHeightPref > 0) {
        L.laneHeight = std::max<double>(minLane, laneHeightPref * scale);
    } else {
        L.laneHeight = std::min(maxLane, area / static_cast<double>(taskCount));
    }
    if (L.laneHeight < minLane) {
        // More tasks than pixel rows: fold lanes into density rows.
        L.folded = true;
        L.rowHeight = std::max(2, s(4));
        const std::size_t maxRows = std::max<std::size_t>(1, static_cast<std::size_t>(area) / L.rowHeight);
        // A round number of tasks per row, so that row labels read as ranges
        // like "tasks 200–399".
        L.tasksPerRow = tp::niceAtLeast(static_cast<double>((taskCount + maxRows - 1) / maxRows));
        L.rows = (taskCount + L.tasksPerRow - 1) / L.tasksPerRow;
        // Rounding the tasks per row up left fewer rows: they share the room.
        L.rowHeight = std::max(L.rowHeight, static_cast<int>(area) / static_cast<int>(std::max<std::size_t>(1, L.rows)));
        L.firstLane = 0;
        L.visibleLanes = taskCount;
        return L;
    }
    const auto fit = static_cast<std::size_t>(std::floor(area / L.laneHeight + 1e-9));
    L.visibleLanes = std::min(taskCount, std::max<std::size_t>(1, fit));
    L.firstLane = std::min(firstLane, taskCount - L.visibleLanes);
    return L;
}

QRect TimelineLayout::band(QRect track, std::size_t n, std::size_t k) {
    const auto h = static_cast<double>(track.height()) / static_cast<double>(std::max<std::size_t>(1, n));
    const int top = track.top() + static_cast<int>(std::lround(h * static_cast<double>(k)));
    const int bottom = track.top() + static_cast<int>(std::lround(h * static_cast<double>(k + 1)));
    return QRect(track.left(), top, track.width(), bottom - top);
}

std::size_t TimelineLayout::bandAt(QRect track, std::size_t n, int y) {
    for (std::size_t k = 0; k < n; ++k)
        if (y < band(track, n, k).bottom() + 1) return k;
    return n > 0 ? n - 1 : 0;
}

long long TimelineLayout::taskAtY(int y) const {
    if (y < lanes.top() || y > lanes.bottom() || taskCount == 0) return -1;
    if (folded) {
        const auto row = static_cast<std::size_t>((y - lanes.top()) / std::max(1, rowHeight));
        const std::size_t task = row * tasksPerRow;
        return row < rows && task < taskCount ? static_cast<long long>(task) : -1;
    }
    const auto lane = static_cast<std::size_t>((y - lanes.top()) / laneHeight) + firstLane;
    return lane < firstLane + visibleLanes && lane < taskCount ? static_cast<long long>(lane) : -1;
}

std::size_t TimelineLayout::labelStride(int textHeight) const {
    const double pitch = folded ? static_cast<double>(std::max(1, rowHeight)) : laneHeight;
    if (!(pitch > 0.0)) return 1;
    // A whisker of slack for a label on every lane: 14 px lanes carry 15 px
    // text without a gap. Labels a stride apart get their whole line height
    // (Chinese glyphs fill it: 19 px labels on 8.6 px lanes overlapped at a
    // stride of 2 in presentation mode at 1280x720).
    const double need = textHeight / pitch;
    if (need * 0.9 <= 1.0) return 1;
    return tp::niceAtLeast(need);
}

double TimelineLayout::laneTop(std::size_t task) const {
    return lanes.top() + (static_cast<double>(task) - static_cast<double>(firstLane)) * laneHeight;
}

}  // namespace cs::ui
