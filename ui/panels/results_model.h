#pragma once
// The Results panel's list: the order in which the caller received results
// (result events), up to the inspected instant.
#include <QAbstractListModel>

namespace cs::ui {

class TimelineModel;

class ResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int TaskRole = Qt::UserRole;
    static constexpr int TimeRole = Qt::UserRole + 1;
    // The collector call that handed it over (RunModel::CallerEvent::call).
    static constexpr int CallRole = Qt::UserRole + 2;
    // What the row says came back ("ok", "ConnectionError"), as its
    // DisplayRole text holds it: the part a narrow list shortens first.
    static constexpr int WhatRole = Qt::UserRole + 3;

    explicit ResultsModel(TimelineModel* model, QObject* parent = nullptr);
    void setTime(double t);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void resize();
    QString whatOf(std::size_t k) const;

    TimelineModel* model_;
    int rows_ = 0;
    double t_ = 0.0;
};

}  // namespace cs::ui
