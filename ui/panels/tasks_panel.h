#pragma once
// The Tasks dock: a sortable, filterable table of every task at the inspected
// instant (TaskTableModel through a QSortFilterProxyModel).
#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace cs::ui {

class Session;
class TaskTableModel;

class TasksPanel : public QWidget {
    Q_OBJECT
public:
    explicit TasksPanel(Session* session, QWidget* parent = nullptr);
    void refresh(double t);
    void selectTask(long long task);
    TaskTableModel* model() const { return model_; }
    // The selected task's story (state history, waits, hand-overs) at t.
    QString storyText() const;
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }

signals:
    void taskSelected(long long task);

private:
    TaskTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QLabel* story_;
    Session* session_;
    long long selected_ = -1;
    double t_ = 0.0;
    QTableView* table_;
    bool selecting_ = false;
};

}  // namespace cs::ui
