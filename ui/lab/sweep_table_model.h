#pragma once
// The Limit lab's table: one row per swept value (LIST order), filled in as
// runs finish; the recommended row is marked. Numbers are formatted for
// reading; SortRole holds the raw number so a proxy sorts numerically.
#include <QAbstractTableModel>
#include <optional>
#include <vector>

#include "lab/sweep_point.h"

namespace cs::ui {

class SweepTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Value, Throughput, P50, P95, P99, Ok, Failed, Cancelled, ErrorRate,
        PeakInFlight, MeanInFlight, LittleL, LittleLambdaW, ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int FinishedRole = Qt::UserRole + 1;  // bool: the run of this row ended
    static constexpr int RecommendedRole = Qt::UserRole + 2;

    explicit SweepTableModel(QObject* parent = nullptr);

    // Empty rows for these values (a new sweep).
    void reset(const std::vector<lab::SweepValue>& values);
    void setPoint(int row, const lab::SweepPoint& point);
    void setRecommended(std::optional<int> row);

    const std::vector<lab::SweepPoint>& points() const { return points_; }
    const std::vector<bool>& finished() const { return finished_; }
    int finishedCount() const;
    std::optional<int> recommended() const { return recommended_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "1.23", "0.000123", "—" (shared with the comparison).
    static QString number(double v);
    static QString number(const std::optional<double>& v);

private:
    std::vector<lab::SweepPoint> points_;
    std::vector<bool> finished_;
    std::optional<int> recommended_;
};

}  // namespace cs::ui
