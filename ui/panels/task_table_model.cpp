#include "panels/task_table_model.h"

#include <QColor>
#include <QStringList>
#include <algorithm>
#include <cmath>

#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

TaskTableModel::TaskTableModel(TimelineModel* model, QObject* parent)
    : QAbstractTableModel(parent), model_(model), rows_(static_cast<int>(model->taskCount())) {
    connect(model_, &TimelineModel::rebuilt, this, &TaskTableModel::onRebuilt);
    connect(model_, &TimelineModel::appended, this, &TaskTableModel::onAppended);
    updateUnits();  // for a run already under way at t_
}

void TaskTableModel::onRebuilt() {
    beginResetModel();
    rows_ = static_cast<int>(model_->taskCount());
    endResetModel();
    updateUnits();  // (a header change of its own, not inside the reset)
}

void TaskTableModel::onAppended() {
    const int n = static_cast<int>(model_->taskCount());
    if (n > rows_) {
        beginInsertRows({}, rows_, n - 1);
        rows_ = n;
        endInsertRows();
    }
    // Cells are computed on demand; views hear of the change at the next
    // setTime() (the panel's refresh, a few times a second), not on every
    // frame: a sort/filter proxy reconsiders every row on each signal.
    stale_ = true;
}

void TaskTableModel::setTime(double t) {
    if (t == t_ && !stale_) return;
    t_ = t;
    stale_ = false;
    updateUnits();
    refreshAll();
}

std::array<double, 4> TaskTableModel::times(std::size_t i) const {
    const double nan = std::nan("");
    const double created = model_->created(i);
    if (std::isnan(created) || created > t_) return {nan, nan, nan, nan};
    const double end = model_->terminal(i);
    const double total = ((!std::isnan(end) && end <= t_) ? end : t_) - created;
    return {created, model_->waitedAt(i, t_), model_->ranAt(i, t_), total};
}

void TaskTableModel::updateUnits() {
    // O(tasks), a few times a second while the panel is shown: each field
    // is O(1) (no segment walk).
    std::array<double, 4> largest{};
    const std::size_t n = std::min(static_cast<std::size_t>(rows_), model_->taskCount());
    for (std::size_t i = 0; i < n; ++i) {
        const std::array<double, 4> v = times(i);
        if (std::isnan(v[0])) continue;
        for (std::size_t c = 0; c < v.size(); ++c) largest[c] = std::max(largest[c], std::abs(v[c]));
    }
    largest_ = largest;
    // One unit for the table: a column of creations at 0 reads "0.000"
    // beside totals of "1.200", a column of waits in seconds beside them.
    const ColumnUnit unit = ColumnUnit::forLargest(*std::max_element(largest.begin(), largest.end()));
    if (unit == unit_) return;
    unit_ = unit;
    emit headerDataChanged(Qt::Horizontal, Created, Total);
}

ColumnUnit TaskTableModel::unitOf(int column) const {
    if (column < Created || column > Total) return {};
    return unit_;
}

QString TaskTableModel::widestText(int column) const {
    if (column < Created || column > Total) return {};
    const auto c = static_cast<std::size_t>(column - Created);
    return unit_.format(largest_[c]);
}

void TaskTableModel::refreshAll() {
    // Views only query visible cells, so one range signal is cheap. The Id
    // column never changes: leaving it out spares the proxy a re-sort when
    // the table is sorted by task (the default).
    if (rows_ > 0) emit dataChanged(index(0, State), index(rows_ - 1, ColumnCount - 1));
}

int TaskTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }

int TaskTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TaskTableModel::outcomeText(std::size_t i) const {
    const double end = model_->terminal(i);
    if (std::isnan(end) || end > t_) return {};
    switch (model_->run().finalState(i)) {
        case TaskState::Done: return model_->swallowedCancel(i) ? tr("ok (swallowed cancel)") : tr("ok");
        case TaskState::Failed: {
            const QString exc = model_->exceptionName(i);
            return exc.isEmpty() ? tr("failed") : exc;
        }
        case TaskState::Cancelled: return tr("cancelled");
        case TaskState::Destroyed: return tr("destroyed (garbage-collected while pending)");
        default: return {};
    }
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || index.column() >= ColumnCount) return {};
    const auto i = static_cast<std::size_t>(index.row());
    if (i >= model_->taskCount()) return {};
    const int col = index.column();
    const bool timeColumn = col >= Created && col <= Total;
    if (role == Qt::DisplayRole && timeColumn) {
        // A number in the column's unit (its header names it).
        const double v = times(i)[static_cast<std::size_t>(col - Created)];
        return std::isnan(v) ? QString() : unitOf(col).format(v);
    }
    if (role == SortRole && timeColumn) {
        // Seconds, whatever the unit shown: not created yet sorts first.
        const std::array<double, 4> v = times(i);
        if (col == Created || col == Total) {
            const double x = v[static_cast<std::size_t>(col - Created)];
            return std::isnan(x) ? -1.0 : x;
        }
        return col == Waited ? model_->waitedAt(i, t_) : model_->ranAt(i, t_);
    }
    const TaskState st = model_->stateAt(i, t_);
    if (role == Qt::DisplayRole) {
        switch (col) {
            case Id: return static_cast<qlonglong>(model_->taskId(i));  // a trace file's own id
            // A name as its lane is labelled: a lane that is no task says
            // what it is ("· worker", "· never borrowed"); no name, none.
            case Name: return model_->taskName(i).isEmpty() ? QString() : model_->taskLabel(i);
            case State:
                return StatePalette::stateName(st, model_->run().canHave(),
                                               model_->run().waitedForPoolObject(static_cast<std::int32_t>(i)));
            case Outcome: return outcomeText(i);
        }
    } else if (role == SortRole) {
        switch (col) {
            case Id: return static_cast<qlonglong>(model_->taskId(i));  // a trace file's own id
            case Name: return model_->taskName(i);
            case State: return static_cast<int>(st);
            case Outcome: return outcomeText(i);
        }
    } else if (role == Qt::ToolTipRole && (col == State || col == Waited || col == Ran)) {
        QStringList says;
        // A recorded program's task runs its own code before it asks for a
        // permit; Ran counts from the permit: the cell says what it left out.
        const double before = model_->run().canHave().arrivingUnasked ? model_->run().beforeAskAt(i, t_) : 0.0;
        if (before > 0.0 && col != Waited) {
            const double asked = model_->request(i);
            says << (!std::isnan(asked) && asked <= t_
                         ? tr("Ran %1 before it asked for a permit (Ran counts from the permit)")
                               .arg(formatDuration(before))
                         : tr("Ran %1 so far, no permit asked yet (Ran counts from a permit)")
                               .arg(formatDuration(before)));
        }
        // Waited is the first wait; a later one (another semaphore or lock,
        // asked while it ran) is inside Ran, as in the CSV's ran_s.
        // Waited (request -> running) holds a rate limit's wait for its start
        // slot, with its permit held.
        if (const double slotted = model_->run().slotWaitedAt(i, t_); slotted > 0.0 && col != Ran)
            says << (model_->run().canHave().slotWaitHolds
                         ? tr("Of Waited, %1 waiting for its start slot, holding its permit")
                         : tr("Of Waited, %1 waiting for its start slot"))
                        .arg(formatDuration(slotted));
        if (const double again = model_->run().waitedAgainAt(i, t_); again > 0.0 && col != State)
            says << tr("Of Ran, %1 waiting for a permit again (Waited is its first wait only)")
                        .arg(formatDuration(again));
        if (says.isEmpty()) return {};
        return says.join(QLatin1Char('\n'));
    } else if (role == Qt::DecorationRole && index.column() == State) {
        if (st == TaskState::NotStarted) return {};
        static const StatePalette pal = StatePalette::fromPalette(QPalette());
        return pal.forState(st, model_->run().canHave().arrivingUnasked);
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() != Name && index.column() != State && index.column() != Outcome)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
        case Id: return tr("Task");
        case Name: return tr("Name");
        case State: return tr("State");
        case Created: return unitOf(section).header(tr("Created"));
        case Waited: return unitOf(section).header(tr("Waited"));
        case Ran: return unitOf(section).header(tr("Ran"));
        case Total: return unitOf(section).header(tr("Total"));
        case Outcome: return tr("Outcome");
    }
    return {};
}

}  // namespace cs::ui
