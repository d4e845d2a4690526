#include "panels/warnings_panel.h"

#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

#include "live/session.h"
#include "panels/warnings_model.h"

namespace cs::ui {

WarningsPanel::WarningsPanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new WarningsModel(this)) {
    auto* v = new QVBoxLayout(this);
    list_ = new QListView;
    list_->setModel(model_);
    list_->setWordWrap(true);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->addWidget(list_, 1);
    detail_ = new QLabel(tr("No pitfalls seen so far."));
    detail_->setWordWrap(true);
    detail_->setTextFormat(Qt::RichText);
    v->addWidget(detail_);
    connect(list_, &QListView::clicked, this, [this](const QModelIndex& i) {
        detail_->setText(i.data(Qt::ToolTipRole).toString());
        emit warningActivated(i.data(WarningsModel::TaskRole).toLongLong(), i.data(WarningsModel::TimeRole).toDouble());
        if (const int line = i.data(WarningsModel::LineRole).toInt(); line > 0) emit lineActivated(line);
    });
}

void WarningsPanel::refresh() {
    const int before = model_->rowCount();
    model_->setWarnings(detectWarnings(session_->run(), session_->scenario()));
    const int n = model_->rowCount();
    if (n == 0) detail_->setText(tr("No pitfalls seen so far."));
    else if (before == 0) detail_->setText(tr("Click a warning for what it means."));
    if (n != before) emit countChanged(n);
}

}  // namespace cs::ui
