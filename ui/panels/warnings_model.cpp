#include "panels/warnings_model.h"

#include <QApplication>
#include <QStyle>

namespace cs::ui {

WarningsModel::WarningsModel(QObject* parent) : QAbstractListModel(parent) {}

void WarningsModel::setWarnings(std::vector<Warning> warnings) {
    if (warnings == warnings_) return;
    beginResetModel();
    warnings_ = std::move(warnings);
    endResetModel();
}

int WarningsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(warnings_.size());
}

QVariant WarningsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.column() != 0 || index.row() >= rowCount()) return {};
    const Warning& w = warnings_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole: return w.title;
        case Qt::ToolTipRole:
            // Rich text: a program's own message may hold "<Task pending ...>".
            return w.detail.isEmpty() ? w.title.toHtmlEscaped()
                                      : QStringLiteral("<b>%1</b><br>%2").arg(w.title.toHtmlEscaped(), w.detail.toHtmlEscaped());
        case Qt::DecorationRole: {
            if (!qobject_cast<QApplication*>(QCoreApplication::instance())) return {};
            const auto sp = w.severity == Warning::Severity::Error     ? QStyle::SP_MessageBoxCritical
                            : w.severity == Warning::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                       : QStyle::SP_MessageBoxInformation;
            return QApplication::style()->standardIcon(sp);
        }
        case TaskRole: return w.task;
        case TimeRole: return w.t;
        case LineRole: return w.line;
    }
    return {};
}

}  // namespace cs::ui
