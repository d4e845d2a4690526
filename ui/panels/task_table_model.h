#pragma once
// The Tasks panel's table: one row per task, read on demand from the
// TimelineModel's per-task columns at the inspected instant (no object per
// task). Sort with a QSortFilterProxyModel on Qt::UserRole (raw numbers).
// The time columns (Created, Waited, Ran, Total) share one unit and one
// number of decimals, chosen from the table's largest time at that instant
// and named in each header ("Ran (ms)"): their cells are numbers in it that
// read alike ("0.000" beside "1.200", never "0" beside "1.200").
#include <QAbstractTableModel>
#include <array>

#include "panels/column_unit.h"

namespace cs::ui {

class TimelineModel;

class TaskTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Name: the task's name in a recorded program (its lane's label; the
    // Tasks panel hides the column for runs whose tasks have none).
    enum Column { Id, Name, State, Created, Waited, Ran, Total, Outcome, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;

    explicit TaskTableModel(TimelineModel* model, QObject* parent = nullptr);

    // The instant the table describes (the cursor).
    void setTime(double t);
    double time() const { return t_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    QString outcomeText(std::size_t task) const;
    // The unit of a time column (Created, Waited, Ran, Total) at time(): the
    // table's, the same for each.
    ColumnUnit unitOf(int column) const;
    // A time column's longest cell at time() (its largest value, formatted);
    // empty for the other columns.
    QString widestText(int column) const;

private:
    void onRebuilt();
    void onAppended();
    void refreshAll();
    // The time columns' unit from the largest time at t_ (and each column's
    // largest); tells the headers when it changed.
    void updateUnits();
    // Created, Waited, Ran, Total of task i at t_ (NaN: not created yet).
    std::array<double, 4> times(std::size_t i) const;

    TimelineModel* model_;
    int rows_ = 0;
    double t_ = 0.0;
    bool stale_ = false;  // events appended since the last refresh
    ColumnUnit unit_;                  // Created, Waited, Ran and Total's
    std::array<double, 4> largest_{};  // their largest magnitudes at t_
};

}  // namespace cs::ui
