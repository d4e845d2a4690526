#pragma once
// Two settings of a sweep side by side: one row per metric, columns A, B,
// B − A and the change in percent, so "12 vs 22 permits" reads at a glance.
#include <QAbstractTableModel>
#include <optional>

#include "lab/sweep_point.h"

namespace cs::ui {

class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { A, B, Difference, Change, ColumnCount };
    enum Row {
        Throughput, Makespan, P50, P95, P99, Ok, Failed, Cancelled, ErrorRate,
        PeakInFlight, MeanInFlight, LittleL, LittleLambdaW, MeanLatency, RowCount
    };

    explicit ComparisonModel(const QString& param = {}, QObject* parent = nullptr);

    void setParam(const QString& param);
    // Either side may be empty (nothing selected yet).
    void setPoints(std::optional<lab::SweepPoint> a, std::optional<lab::SweepPoint> b);
    const std::optional<lab::SweepPoint>& a() const { return a_; }
    const std::optional<lab::SweepPoint>& b() const { return b_; }

    // The metric of row `r` for `p` (nullopt when it has none, e.g. no latency).
    static std::optional<double> metric(const lab::SweepPoint& p, int r);
    // Rows that count tasks: printed as integers ("400", not "400.0").
    static bool isCount(int r) { return r == Ok || r == Failed || r == Cancelled || r == PeakInFlight; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString param_;
    std::optional<lab::SweepPoint> a_, b_;
};

}  // namespace cs::ui
