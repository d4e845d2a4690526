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
    // The table's rows: attached to the model on first use (see attach()).
    QSortFilterProxyModel* proxy() {
        attach();
        return proxy_;
    }
    QTableView* table() {
        attach();
        return table_;
    }

signals:
    void taskSelected(long long task);

protected:
    void changeEvent(QEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    // Each column but the last (which stretches) as wide as its header or
    // its widest cell, not Qt's 100 px each: in a side column 250 px wide
    // (1280x720) Task and State took all of it. growOnly: while a run plays,
    // a column only widens (no jitter); a new run, a new unit or language
    // fits them afresh.
    void fitColumns(bool growOnly);
    // A million-row table costs 17 MB (its sort proxy's two row mappings, the
    // view's header sections) and a sort: spent when the panel is first
    // shown or asked for its rows, not at every Open behind a closed tab.
    void attach();
    // The name column, the widths and the order for the run on show.
    void fitToRun();

    TaskTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QLabel* story_;
    Session* session_;
    long long selected_ = -1;
    double t_ = 0.0;
    QTableView* table_;
    bool selecting_ = false;
    bool attached_ = false;
};

}  // namespace cs::ui
