#include "lab/comparison_model.h"

#include <cmath>

#include "lab/sweep_table_model.h"

namespace cs::ui {

ComparisonModel::ComparisonModel(const QString& param, QObject* parent)
    : QAbstractTableModel(parent), param_(param) {}

void ComparisonModel::setParam(const QString& param) {
    param_ = param;
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ComparisonModel::setPoints(std::optional<lab::SweepPoint> a, std::optional<lab::SweepPoint> b) {
    a_ = std::move(a);
    b_ = std::move(b);
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

std::optional<double> ComparisonModel::metric(const lab::SweepPoint& p, int r) {
    switch (r) {
        case Throughput: return p.throughput;
        case Makespan: return p.makespan;
        case P50: return p.p50;
        case P95: return p.p95;
        case P99: return p.p99;
        case Ok: return static_cast<double>(p.ok);
        case Failed: return static_cast<double>(p.failed);
        case Cancelled: return static_cast<double>(p.cancelled);
        case ErrorRate: return p.errorRate() * 100.0;
        case PeakInFlight: return static_cast<double>(p.peakInFlight);
        case MeanInFlight: return p.meanInFlight;
        case LittleL: return p.meanInSystem;
        case LittleLambdaW: return p.littleProduct();
        case MeanLatency: return p.meanLatency;
        default: return std::nullopt;
    }
}

int ComparisonModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : RowCount; }
int ComparisonModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= RowCount || index.column() >= ColumnCount) return {};
    if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    const std::optional<double> va = a_ ? metric(*a_, index.row()) : std::nullopt;
    const std::optional<double> vb = b_ ? metric(*b_, index.row()) : std::nullopt;
    const bool count = isCount(index.row());
    auto text = [count](double v) { return count ? QString::number(std::llround(v)) : SweepTableModel::number(v); };
    switch (index.column()) {
        case A: return a_ ? (va ? text(*va) : SweepTableModel::number(va)) : QString();
        case B: return b_ ? (vb ? text(*vb) : SweepTableModel::number(vb)) : QString();
        case Difference:
            if (!va || !vb) return QString();
            // A rate's difference is in percentage points, and says so.
            return (*vb - *va > 0 ? QStringLiteral("+") : QString()) + text(*vb - *va) +
                   (index.row() == ErrorRate ? tr(" pp") : QString());
        case Change:
            // A relative change of a percentage (10% → 15%: "+50%") reads as
            // its difference: only the points are shown.
            if (index.row() == ErrorRate) return QString();
            if (!va || !vb || *va == 0.0) return QString();
            return QStringLiteral("%1%2%").arg(*vb - *va > 0 ? QStringLiteral("+") : QString())
                .arg((*vb - *va) / std::abs(*va) * 100.0, 0, 'f', 1);
        default: return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Horizontal) {
        auto side = [&](const std::optional<lab::SweepPoint>& p, const QString& name) {
            return p ? QStringLiteral("%1: %2 = %3").arg(name, param_, QString::fromStdString(p->value.text)) : name;
        };
        switch (section) {
            case A: return side(a_, QStringLiteral("A"));
            case B: return side(b_, QStringLiteral("B"));
            case Difference: return tr("B − A");
            case Change: return tr("change");
            default: return {};
        }
    }
    switch (section) {
        case Throughput: return tr("throughput /s");
        case Makespan: return tr("makespan s");
        case P50: return tr("latency p50 s");
        case P95: return tr("latency p95 s");
        case P99: return tr("latency p99 s");
        case Ok: return tr("ok");
        case Failed: return tr("failed");
        case Cancelled: return tr("cancelled");
        case ErrorRate: return tr("error rate %");
        case PeakInFlight: return tr("peak in flight");
        case MeanInFlight: return tr("mean in flight");
        case LittleL: return tr("L (mean in system)");
        case LittleLambdaW: return tr("λ·W");
        case MeanLatency: return tr("W (mean latency) s");
        default: return {};
    }
}

}  // namespace cs::ui
