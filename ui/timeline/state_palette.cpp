#include "timeline/state_palette.h"

#include <QCoreApplication>

namespace cs::ui {

namespace {
QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}
}  // namespace

StatePalette StatePalette::fromPalette(const QPalette& p) {
    StatePalette s;
    const QColor base = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    s.dark = base.lightness() < 128;
    s.background = base;
    s.laneStripe = mix(base, text, s.dark ? 0.05 : 0.035);
    s.gutter = mix(p.color(QPalette::Window), text, s.dark ? 0.04 : 0.02);
    s.grid = mix(base, text, s.dark ? 0.16 : 0.10);
    s.text = text;
    s.textDim = mix(base, text, 0.6);
    s.axis = mix(base, text, 0.35);
    s.arriving = mix(base, text, 0.22);
    s.waiting = QColor(kOrange);
    s.running = QColor(kBlue);
    s.thread = QColor(kSkyBlue);
    s.poolWaitFill = s.thread;
    s.poolWaitFill.setAlpha(s.dark ? 60 : 55);
    s.cpu = QColor(kReddishPurple);
    s.frozen = QColor(kYellow);
    s.done = QColor(kBluishGreen);
    s.failed = QColor(kVermillion);
    s.cancelled = mix(base, text, 0.55);
    s.destroyed = mix(base, text, 0.8);  // (no hue: nothing came of it)
    s.limitLine = s.dark ? QColor(0xF0F0F0) : QColor(0x202020);
    s.cursor = QColor(kVermillion);
    s.nowLine = mix(base, text, 0.5);
    s.selection = QColor(kSkyBlue);
    s.selection.setAlpha(50);
    s.taskHighlight = QColor(kSkyBlue);
    s.taskHighlight.setAlpha(s.dark ? 110 : 90);
    s.hover = mix(base, text, 0.45);
    s.flow = mix(base, text, 0.45);
    s.flowSelected = text;
    if (s.dark) {
        // Okabe–Ito blue is too dark on a dark background for a large area.
        s.running = mix(QColor(kBlue), QColor(kSkyBlue), 0.25);
    }
    s.slotWaitFill = s.running;
    s.slotWaitFill.setAlpha(s.dark ? 60 : 45);
    s.queueWaitFill = s.waiting;
    s.queueWaitFill.setAlpha(s.dark ? 50 : 40);
    return s;
}

QColor StatePalette::forState(TaskState st) const {
    switch (st) {
        case TaskState::NotStarted: return background;
        case TaskState::Arriving: return arriving;
        case TaskState::Waiting: return waiting;
        case TaskState::SlotWait: return running;  // drawn hollow (LanesPass): it holds its permit, not running
        case TaskState::Running: return running;
        case TaskState::NoPermit: return running;  // drawn thinner (LanesPass)
        case TaskState::Queued: return waiting;  // in a Queue, waiting for a worker (a thin line)
        case TaskState::Thread: return thread;
        case TaskState::Process: return thread;
        case TaskState::PoolWait: return thread;  // drawn hollow: the pool's colour, not its work
        case TaskState::Cpu: return cpu;
        case TaskState::Frozen: return frozen;
        case TaskState::QueueGet: return waiting;  // drawn hollow (LanesPass): idle in get(), not running
        case TaskState::QueuePut: return waiting;  // drawn hollow (LanesPass): waits for room, not running
        case TaskState::Done: return done;
        case TaskState::Failed: return failed;
        case TaskState::Cancelled: return cancelled;
        case TaskState::Destroyed: return destroyed;
    }
    return background;
}

QString StatePalette::poolObjectWait() {
    return QCoreApplication::translate("cs::ui::StatePalette", "waiting in get() for a free object of the pool");
}

QString StatePalette::stateName(TaskState st, bool unasked, bool slotHolds) {
    switch (st) {
        case TaskState::NotStarted: return QCoreApplication::translate("cs::ui::StatePalette", "not started");
        case TaskState::Arriving:
            return unasked ? QCoreApplication::translate("cs::ui::StatePalette", "running, no permit asked yet")
                           : QCoreApplication::translate("cs::ui::StatePalette", "arriving");
        case TaskState::Waiting: return QCoreApplication::translate("cs::ui::StatePalette", "waiting for a permit");
        case TaskState::SlotWait:
            return slotHolds ? QCoreApplication::translate("cs::ui::StatePalette",
                                                           "holding a permit, waiting for its start slot")
                             : QCoreApplication::translate("cs::ui::StatePalette", "waiting for its start slot");
        case TaskState::Running: return QCoreApplication::translate("cs::ui::StatePalette", "running");
        case TaskState::NoPermit:
            return QCoreApplication::translate("cs::ui::StatePalette", "running without a permit");
        case TaskState::Queued: return QCoreApplication::translate("cs::ui::StatePalette", "queued");
        case TaskState::Thread: return QCoreApplication::translate("cs::ui::StatePalette", "in the thread pool");
        case TaskState::Process: return QCoreApplication::translate("cs::ui::StatePalette", "in the process pool");
        case TaskState::PoolWait:
            return QCoreApplication::translate("cs::ui::StatePalette", "waiting for a free worker in the pool");
        case TaskState::Cpu: return QCoreApplication::translate("cs::ui::StatePalette", "blocking the loop");
        case TaskState::Frozen: return QCoreApplication::translate("cs::ui::StatePalette", "frozen by another task");
        case TaskState::QueueGet:
            return QCoreApplication::translate("cs::ui::StatePalette", "waiting in get() for an item (idle)");
        case TaskState::QueuePut:
            return QCoreApplication::translate("cs::ui::StatePalette", "waiting in put() for room in the queue");
        case TaskState::Done: return QCoreApplication::translate("cs::ui::StatePalette", "done");
        case TaskState::Failed: return QCoreApplication::translate("cs::ui::StatePalette", "failed");
        case TaskState::Cancelled: return QCoreApplication::translate("cs::ui::StatePalette", "cancelled");
        case TaskState::Destroyed:
            return QCoreApplication::translate("cs::ui::StatePalette", "destroyed while pending (garbage-collected)");
    }
    return {};
}

}  // namespace cs::ui
