#include "lab/sweep_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <algorithm>
#include <cmath>

namespace cs::ui {

SweepTableModel::SweepTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SweepTableModel::reset(const std::vector<lab::SweepValue>& values) {
    beginResetModel();
    points_.assign(values.size(), lab::SweepPoint{});
    for (std::size_t i = 0; i < values.size(); ++i) points_[i].value = values[i];
    finished_.assign(values.size(), false);
    recommended_.reset();
    endResetModel();
}

void SweepTableModel::setPoint(int row, const lab::SweepPoint& point) {
    if (row < 0 || row >= rowCount()) return;
    points_[static_cast<std::size_t>(row)] = point;
    finished_[static_cast<std::size_t>(row)] = true;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SweepTableModel::setRecommended(std::optional<int> row) {
    if (row == recommended_) return;
    const std::optional<int> old = recommended_;
    recommended_ = row;
    for (const auto& r : {old, row})
        if (r && *r >= 0 && *r < rowCount()) emit dataChanged(index(*r, 0), index(*r, ColumnCount - 1));
}

int SweepTableModel::finishedCount() const {
    return static_cast<int>(std::count(finished_.begin(), finished_.end(), true));
}

int SweepTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(points_.size());
}

int SweepTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SweepTableModel::number(double v) {
    if (v == 0.0) return QStringLiteral("0");
    const double a = std::abs(v);
    if (a >= 100.0) return QString::number(v, 'f', 1);
    if (a >= 0.01) return QString::number(v, 'g', 4);
    return QString::number(v, 'g', 3);
}

QString SweepTableModel::number(const std::optional<double>& v) {
    return v ? number(*v) : QStringLiteral("—");
}

QVariant SweepTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const lab::SweepPoint& p = points_[row];
    const bool done = finished_[row];
    const bool rec = recommended_ && *recommended_ == index.row();
    if (role == FinishedRole) return done;
    if (role == RecommendedRole) return rec;
    if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && rec) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::BackgroundRole && rec) return QBrush(QColor(0, 158, 115, 50));
    if (role == Qt::ToolTipRole) {
        if (index.column() == LittleL || index.column() == LittleLambdaW)
            return tr("Little's law: L (time-average of tasks between request and their end) = λ·W (λ: the rate "
                      "tasks ended, done, failed or cancelled; W: their mean time from request to end). Equal once "
                      "every task has ended, failures or not.");
        if (rec) return tr("Recommended: the smallest value within 5% of the best throughput "
                           "with an error rate below 1%");
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool sort = role == SortRole;
    if (index.column() == Value) return sort ? QVariant(p.value.value) : QVariant(QString::fromStdString(p.value.text));
    if (!done) return sort ? QVariant() : QVariant(index.column() == Throughput ? tr("…") : QString());
    auto num = [&](double v) { return sort ? QVariant(v) : QVariant(number(v)); };
    auto opt = [&](const std::optional<double>& v) {
        return sort ? (v ? QVariant(*v) : QVariant()) : QVariant(number(v));
    };
    auto count = [&](std::size_t v) { return sort ? QVariant(static_cast<qulonglong>(v)) : QVariant(QString::number(v)); };
    switch (index.column()) {
        case Throughput: return num(p.throughput);
        case P50: return opt(p.p50);
        case P95: return opt(p.p95);
        case P99: return opt(p.p99);
        case Ok: return count(p.ok);
        case Failed: return count(p.failed);
        case Cancelled: return count(p.cancelled);
        case ErrorRate:
            return sort ? QVariant(p.errorRate()) : QVariant(QString::number(p.errorRate() * 100.0, 'f', 1) + QLatin1Char('%'));
        case PeakInFlight: return count(p.peakInFlight);
        case MeanInFlight: return num(p.meanInFlight);
        case LittleL: return num(p.meanInSystem);
        case LittleLambdaW: return num(p.littleProduct());
        default: return {};
    }
}

QVariant SweepTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Throughput: return tr("Tasks that ended done ÷ makespan (spec §5)");
            case P50: case P95: case P99: return tr("Latency (request → end) of tasks that ended done, seconds");
            case MeanInFlight: return tr("Time-average of tasks between running and their end");
            case LittleL: return tr("L: time-average of tasks between request and their end (waiting + in flight)");
            case LittleLambdaW: return tr("λ·W: the rate tasks ended (any way) × their mean time from request to end");
            default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Value: return tr("Value");
        case Throughput: return tr("Throughput /s");
        case P50: return tr("p50 s");
        case P95: return tr("p95 s");
        case P99: return tr("p99 s");
        case Ok: return tr("OK");
        case Failed: return tr("Failed");
        case Cancelled: return tr("Cancelled");
        case ErrorRate: return tr("Errors");
        case PeakInFlight: return tr("Peak in flight");
        case MeanInFlight: return tr("Mean in flight");
        case LittleL: return tr("L");
        case LittleLambdaW: return tr("λ·W");
        default: return {};
    }
}

}  // namespace cs::ui
