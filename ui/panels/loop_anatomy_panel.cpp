#include "panels/loop_anatomy_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "live/live_runner.h"
#include "live/session.h"
#include "timeline/time_format.h"

namespace cs::ui {

namespace {
// Replaying a big scenario to the cursor on every drag step would stall the
// GUI; past this the panel only shows the live loop.
constexpr std::size_t kMaxReplayTasks = 20000;

QString ids(const std::vector<std::int32_t>& v) {
    QStringList out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i == 24) {
            out << QCoreApplication::translate("cs::ui::LoopAnatomyPanel", "… %1 more").arg(v.size() - i);
            break;
        }
        out << QString::number(v[i]);
    }
    return out.isEmpty() ? QStringLiteral("–") : out.join(QStringLiteral(", "));
}
}  // namespace

LoopAnatomyPanel::LoopAnatomyPanel(Session* session, LiveRunner* runner, QWidget* parent)
    : QWidget(parent), session_(session), runner_(runner) {
    auto* v = new QVBoxLayout(this);
    header_ = new QLabel;
    header_->setWordWrap(true);
    v->addWidget(header_);
    auto* row = new QHBoxLayout;
    auto* step = new QPushButton(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step one iteration"));
    auto* next = new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Next event"));
    row->addWidget(step);
    row->addWidget(next);
    row->addStretch(1);
    v->addLayout(row);
    tree_ = new QTreeWidget;
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({tr("What"), tr("Detail")});
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree_->setRootIsDecorated(true);
    v->addWidget(tree_, 1);
    connect(step, &QPushButton::clicked, runner_, &LiveRunner::stepIteration);
    connect(next, &QPushButton::clicked, runner_, &LiveRunner::stepToNextEvent);
}

void LoopAnatomyPanel::refresh(double t, bool live) {
    if (session_->isTrace()) {
        // No loop runs here for a recorded run (a stand-in would read "loop
        // time 0.000 s, the program has ended" at any cursor): say so.
        if (!recordedShown_) {
            recordedShown_ = true;
            shown_ = LoopSnapshot{};
            tree_->clear();
            header_->setText(tr("A recorded run: its trace holds what the tasks did, not the event loop's ready "
                                "queue, timers or waiters, so there is no loop to look into here. A scenario's "
                                "loop can be stepped through iteration by iteration."));
        }
        replayedAt_ = -1.0;
        return;
    }
    recordedShown_ = false;
    if (live || session_->taskCount() > kMaxReplayTasks) {
        show(session_->snapshot(), false);
        return;
    }
    // Replays are deterministic: the same instant of the same run need not be
    // replayed twice.
    if (t == replayedAt_ && replayedGen_ == session_->events().generation()) return;
    replayedAt_ = t;
    replayedGen_ = session_->events().generation();
    NullSink null;
    auto sim = session_->replayTo(t, null);
    show(sim->snapshot(), true);
}

QString LoopAnatomyPanel::headerText() const { return header_->text(); }

void LoopAnatomyPanel::show(const LoopSnapshot& s, bool replayed) {
    shown_ = s;
    header_->setText((replayed ? tr("Replayed to the cursor: iteration %1, loop time %2")
                               : tr("Live: iteration %1, loop time %2"))
                         .arg(s.iterations)
                         .arg(formatTime(s.now, 1e-3)) +
                     (s.finished ? tr(" — the program has ended") : QString()));
    tree_->clear();
    auto* ready = new QTreeWidgetItem(tree_, {tr("Ready queue"), tr("%1 ready, run first-in first-out").arg(s.ready.size())});
    for (std::size_t i = 0; i < s.ready.size() && i < 200; ++i)
        new QTreeWidgetItem(ready, {QString::number(i + 1), QString::fromStdString(s.ready[i])});
    auto* timers = new QTreeWidgetItem(tree_, {tr("Next timers"), tr("%1 scheduled").arg(s.timers.size())});
    for (const auto& tm : s.timers)
        new QTreeWidgetItem(timers, {formatTime(tm.when, 1e-3), QString::fromStdString(tm.what)});
    for (const auto& sem : s.semaphores) {
        auto* item = new QTreeWidgetItem(tree_, {QString::fromStdString(sem.name),
                                                 tr("limit %1, value %2").arg(sem.limit).arg(sem.value)});
        new QTreeWidgetItem(item, {tr("holders"), ids(sem.holders)});
        new QTreeWidgetItem(item, {tr("waiters (FIFO)"), ids(sem.waiters)});
        item->setExpanded(true);
    }
    new QTreeWidgetItem(tree_, {tr("Thread pool"), tr("%1 busy, %2 queued").arg(s.threadsBusy).arg(s.threadsQueued)});
    ready->setExpanded(s.ready.size() <= 12);
    timers->setExpanded(true);
}

}  // namespace cs::ui
