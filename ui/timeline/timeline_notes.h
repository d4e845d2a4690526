#pragma once
// Notes pinned to moments of a run: a lesson's narration callouts and the
// "predict, then reveal" verdict. Whoever owns them (the lesson player)
// shares them with the CalloutPass that draws them; the pass reads them as
// they are at paint time.
#include <QString>
#include <vector>

namespace cs::ui {

struct TimelineNote {
    enum class Kind { Callout, Right, Wrong, Answer };
    double t = 0.0;  // virtual seconds
    QString text;
    Kind kind = Kind::Callout;
};

struct TimelineNotes {
    std::vector<TimelineNote> notes;  // callouts sorted by t; at most one verdict
    // The callout shown as a bubble at instant t: the last one at or before t
    // (-1: none yet).
    int activeCalloutAt(double t) const {
        int k = -1;
        for (int i = 0; i < static_cast<int>(notes.size()); ++i)
            if (notes[static_cast<std::size_t>(i)].kind == TimelineNote::Kind::Callout &&
                notes[static_cast<std::size_t>(i)].t <= t + 1e-9)
                k = i;
        return k;
    }
    // The verdict (-1: none, or its moment has not come at t).
    int verdictAt(double t) const {
        for (int i = 0; i < static_cast<int>(notes.size()); ++i)
            if (notes[static_cast<std::size_t>(i)].kind != TimelineNote::Kind::Callout &&
                notes[static_cast<std::size_t>(i)].t <= t + 1e-9)
                return i;
        return -1;
    }
};

}  // namespace cs::ui
