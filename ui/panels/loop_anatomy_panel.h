#pragma once
// The Loop anatomy dock: what the event loop holds between two iterations
// (Simulation::snapshot): the ready queue, the next timers, each semaphore's
// holders and FIFO waiters, the thread pool. Live, or for a rewound instant a
// fresh run replayed to the cursor.
#include <QWidget>

#include "program/simulation.h"

class QLabel;
class QTreeWidget;

namespace cs::ui {

class LiveRunner;
class Session;

class LoopAnatomyPanel : public QWidget {
    Q_OBJECT
public:
    LoopAnatomyPanel(Session* session, LiveRunner* runner, QWidget* parent = nullptr);
    // live: the session's own simulation; otherwise a replay to t.
    void refresh(double t, bool live);
    const LoopSnapshot& shown() const { return shown_; }
    QString headerText() const;

private:
    void show(const LoopSnapshot& s, bool replayed);

    Session* session_;
    LiveRunner* runner_;
    QLabel* header_;
    QTreeWidget* tree_;
    LoopSnapshot shown_;
    double replayedAt_ = -1.0;
    std::uint64_t replayedGen_ = ~0ull;
    bool recordedShown_ = false;  // the words for a recorded run are shown
};

}  // namespace cs::ui
