#include "panels/results_model.h"

#include <QColor>

#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

ResultsModel::ResultsModel(TimelineModel* model, QObject* parent) : QAbstractListModel(parent), model_(model) {
    connect(model_, &TimelineModel::rebuilt, this, [this] {
        beginResetModel();
        rows_ = static_cast<int>(model_->resultsUpTo(t_));
        endResetModel();
    });
    connect(model_, &TimelineModel::appended, this, &ResultsModel::resize);
}

void ResultsModel::setTime(double t) {
    if (t == t_) return;
    t_ = t;
    resize();
}

void ResultsModel::resize() {
    const int n = static_cast<int>(model_->resultsUpTo(t_));
    if (n > rows_) {
        beginInsertRows({}, rows_, n - 1);
        rows_ = n;
        endInsertRows();
    } else if (n < rows_) {
        beginRemoveRows({}, n, rows_ - 1);
        rows_ = n;
        endRemoveRows();
    }
}

int ResultsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.column() != 0 || index.row() >= rows_) return {};
    const auto k = static_cast<std::size_t>(index.row());
    if (k >= model_->resultCount()) return {};
    const std::int32_t task = model_->resultTask(k);
    const bool ok = model_->resultOk(k);
    switch (role) {
        case Qt::DisplayRole: {
            const QString what = whatOf(k);
            const auto id = task >= 0 ? model_->taskId(static_cast<std::size_t>(task)) : task;
            const std::int32_t call = model_->result(k).call;
            // The collector call that handed it over, as the caller's lane
            // groups them (calls are numbered from 1 for people).
            if (call >= 0)
                return tr("%1.  call %2: task %3  →  %4   at %5")
                    .arg(k + 1)
                    .arg(call + 1)
                    .arg(id)
                    .arg(what, formatTime(model_->resultTime(k), 1e-3));
            return tr("%1.  task %2  →  %3   at %4").arg(k + 1).arg(id).arg(what, formatTime(model_->resultTime(k), 1e-3));
        }
        case Qt::DecorationRole: {
            static const StatePalette pal = StatePalette::fromPalette(QPalette());
            return ok ? pal.done : pal.failed;
        }
        case TaskRole: return task;
        case TimeRole: return model_->resultTime(k);
        case CallRole: return model_->result(k).call;
        case WhatRole: return whatOf(k);
    }
    return {};
}

QString ResultsModel::whatOf(std::size_t k) const {
    const std::int32_t task = model_->resultTask(k);
    if (model_->resultOk(k)) return tr("ok");
    if (task >= 0 && static_cast<std::size_t>(task) < model_->taskCount()) {
        const QString exc = model_->exceptionName(static_cast<std::size_t>(task));
        if (!exc.isEmpty()) return exc;
        if (model_->run().finalState(static_cast<std::size_t>(task)) == TaskState::Cancelled)
            return tr("CancelledError");
    }
    return tr("error");
}

}  // namespace cs::ui
