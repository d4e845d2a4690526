#pragma once
// The Results dock: the order in which the caller received results, and how
// the collector ended (collected, raised, pending tasks); where results come
// in completion order, the ties the virtual clock made among them.
#include <QStyledItemDelegate>
#include <QWidget>

#include <cstdint>

#include "model/run_model.h"

class QLabel;
class QListView;

namespace cs::ui {

class ResultsModel;
class Session;

// A row of the list too long for it keeps its number, task and time whole:
// what came back ("ConnectionError") is shortened with "…" instead, and only
// when that is not enough is the middle of the row.
class ResultRowDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    // The text the row shows in `option`'s rect.
    QString shownText(const QStyleOptionViewItem& option, const QModelIndex& index) const;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(Session* session, QWidget* parent = nullptr);
    void refresh(double t);
    ResultsModel* model() const { return model_; }
    QListView* list() const { return list_; }

signals:
    void taskActivated(long long task, double t);

private:
    Session* session_;
    ResultsModel* model_;
    QListView* list_;
    QLabel* head_;  // what the list is, or that the trace does not say
    QLabel* footer_;
    RunModel::ResultTies ties_;         // of the results shown
    std::uint64_t tiesGeneration_ = 0;  // the run they were counted in
};

}  // namespace cs::ui
