#pragma once
// The Results dock: the order in which the caller received results, and how
// the collector ended (collected, raised, pending tasks); where results come
// in completion order, the ties the virtual clock made among them.
#include <QWidget>

#include <cstdint>

#include "model/run_model.h"

class QLabel;
class QListView;

namespace cs::ui {

class ResultsModel;
class Session;

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(Session* session, QWidget* parent = nullptr);
    void refresh(double t);
    ResultsModel* model() const { return model_; }

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
