#pragma once
// The Tasks panel's table: one row per task, read on demand from the
// TimelineModel's per-task columns at the inspected instant (no object per
// task). Sort with a QSortFilterProxyModel on Qt::UserRole (raw numbers).
#include <QAbstractTableModel>

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

private:
    void onRebuilt();
    void onAppended();
    void refreshAll();

    TimelineModel* model_;
    int rows_ = 0;
    double t_ = 0.0;
    bool stale_ = false;  // events appended since the last refresh
};

}  // namespace cs::ui
