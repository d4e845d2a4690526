#include "panels/task_table_model.h"

#include <QColor>
#include <cmath>

#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

TaskTableModel::TaskTableModel(TimelineModel* model, QObject* parent)
    : QAbstractTableModel(parent), model_(model), rows_(static_cast<int>(model->taskCount())) {
    connect(model_, &TimelineModel::rebuilt, this, &TaskTableModel::onRebuilt);
    connect(model_, &TimelineModel::appended, this, &TaskTableModel::onAppended);
}

void TaskTableModel::onRebuilt() {
    beginResetModel();
    rows_ = static_cast<int>(model_->taskCount());
    endResetModel();
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
    refreshAll();
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
        default: return {};
    }
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || index.column() >= ColumnCount) return {};
    const auto i = static_cast<std::size_t>(index.row());
    if (i >= model_->taskCount()) return {};
    const double created = model_->created(i);
    const bool started = !std::isnan(created) && created <= t_;
    const double end = model_->terminal(i);
    const double total = started ? ((!std::isnan(end) && end <= t_) ? end : t_) - created : std::nan("");
    const TaskState st = model_->stateAt(i, t_);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Id: return static_cast<qlonglong>(model_->taskId(i));  // a trace file's own id
            case Name: return model_->taskName(i);
            case State: return StatePalette::stateName(st);
            case Created: return started ? formatTime(created, 1e-3) : QString();
            case Waited: return started ? formatDuration(model_->waitedAt(i, t_)) : QString();
            case Ran: return started ? formatDuration(model_->ranAt(i, t_)) : QString();
            case Total: return started ? formatDuration(total) : QString();
            case Outcome: return outcomeText(i);
        }
    } else if (role == SortRole) {
        switch (index.column()) {
            case Id: return static_cast<qlonglong>(model_->taskId(i));  // a trace file's own id
            case Name: return model_->taskName(i);
            case State: return static_cast<int>(st);
            case Created: return started ? created : -1.0;
            case Waited: return model_->waitedAt(i, t_);
            case Ran: return model_->ranAt(i, t_);
            case Total: return started ? total : -1.0;
            case Outcome: return outcomeText(i);
        }
    } else if (role == Qt::DecorationRole && index.column() == State) {
        if (st == TaskState::NotStarted) return {};
        static const StatePalette pal = StatePalette::fromPalette(QPalette());
        return pal.forState(st);
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
        case Created: return tr("Created");
        case Waited: return tr("Waited");
        case Ran: return tr("Ran");
        case Total: return tr("Total");
        case Outcome: return tr("Outcome");
    }
    return {};
}

}  // namespace cs::ui
