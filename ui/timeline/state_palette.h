#pragma once
// Colours of the timeline: the Okabe–Ito palette (distinguishable with every
// common colour-vision deficiency) for states, and neutral tones taken from
// the widget palette so that dark and light system themes both work.
#include <QColor>
#include <QPalette>
#include <QString>

#include "timeline/timeline_model.h"

namespace cs::ui {

struct StatePalette {
    // Okabe & Ito (2008), "Color Universal Design".
    static constexpr QRgb kOrange = 0xE69F00;
    static constexpr QRgb kSkyBlue = 0x56B4E9;
    static constexpr QRgb kBluishGreen = 0x009E73;
    static constexpr QRgb kYellow = 0xF0E442;
    static constexpr QRgb kBlue = 0x0072B2;
    static constexpr QRgb kVermillion = 0xD55E00;
    static constexpr QRgb kReddishPurple = 0xCC79A7;

    bool dark = false;
    QColor background, laneStripe, gutter, grid, text, textDim, axis;
    QColor arriving, waiting, running, thread, cpu, frozen, done, failed, cancelled;
    // A task garbage-collected while pending (a recorded program's): its end
    // is a hollow ring in this colour (LanesPass), not a filled mark.
    QColor destroyed;
    // A job waiting in the pool's queue: a hollow bar, this fill inside an
    // outline in `thread` (the task runs; nothing works for it yet).
    QColor poolWaitFill;
    // A rate limit's task that holds its permit and waits for its start slot:
    // a hollow bar, this fill inside an outline in `running` (it holds what a
    // running task holds, and does not run yet).
    QColor slotWaitFill;
    QColor queueWaitFill;  // a wait in a Queue's get() or put(): hollow, the waiting colour's edge
    QColor limitLine, cursor, nowLine, selection, hover, flow, flowSelected;
    // The selected task wherever it shows: its lane, its line of code, its
    // mentions in the lesson text (one colour, so the eye links them).
    QColor taskHighlight;

    static StatePalette fromPalette(const QPalette& p);
    QColor forState(TaskState s) const;
    // The look a lane draws state s in. unasked: a recorded program's run
    // (RunConfig::CanHave::arrivingUnasked), whose "arriving" tasks have not
    // asked for a permit yet and run their own code meanwhile: they look like
    // one running without a permit (a thinner running bar), not like a
    // scenario's task that has not arrived (a thin grey line).
    static TaskState drawnAs(TaskState s, bool unasked) {
        return unasked && s == TaskState::Arriving ? TaskState::NoPermit : s;
    }
    QColor forState(TaskState s, bool unasked) const { return forState(drawnAs(s, unasked)); }
    // Translated. unasked: as for drawnAs ("running, no permit asked yet").
    // slotHolds: a rate limit's task waiting for its start slot holds its
    // permit (max_at_once; RunConfig::CanHave::slotWaitHolds).
    static QString stateName(TaskState s, bool unasked = false, bool slotHolds = true);
    // The name of s in a run that can have `can` (RunModel::canHave()).
    static QString stateName(TaskState s, const RunConfig::CanHave& can) {
        return stateName(s, can.arrivingUnasked, can.slotWaitHolds || !can.slotWaits);
    }
    // The same for a lane whose wait is for a free object of a pool
    // (RunModel::waitedForPoolObject), not for a permit: named so.
    static QString stateName(TaskState s, const RunConfig::CanHave& can, bool poolObject) {
        return s == TaskState::Waiting && poolObject ? poolObjectWait() : stateName(s, can);
    }
    static QString poolObjectWait();
};

}  // namespace cs::ui
