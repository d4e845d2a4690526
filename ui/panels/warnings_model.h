#pragma once
// The Warnings panel's list (see warning_detector.h for what is detected).
#include <QAbstractListModel>
#include <vector>

#include "panels/warning_detector.h"

namespace cs::ui {

class WarningsModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int TaskRole = Qt::UserRole;
    static constexpr int TimeRole = Qt::UserRole + 1;
    static constexpr int LineRole = Qt::UserRole + 2;  // the program's line (0: none)

    explicit WarningsModel(QObject* parent = nullptr);
    // Replaces the list; no signal when nothing changed.
    void setWarnings(std::vector<Warning> warnings);
    const std::vector<Warning>& warnings() const { return warnings_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<Warning> warnings_;
};

}  // namespace cs::ui
