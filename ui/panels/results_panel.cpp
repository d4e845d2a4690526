#include "panels/results_panel.h"

#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "live/session.h"
#include "model/kinds.h"
#include "panels/results_model.h"
#include "timeline/time_format.h"

namespace cs::ui {

void ResultRowDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    if (option->rect.width() <= 0) return;  // a size hint: the whole text
    const QWidget* widget = option->widget;
    const QStyle* style = widget ? widget->style() : QApplication::style();
    // The width the style gives the text (its margins as QCommonStyle's).
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const int room = style->subElementRect(QStyle::SE_ItemViewItemText, option, widget).width() - 2 * margin;
    const QFontMetrics fm(option->font);
    const int excess = fm.horizontalAdvance(option->text) - room;
    if (excess <= 0) return;
    const QString what = index.data(ResultsModel::WhatRole).toString();
    const qsizetype at = what.isEmpty() ? -1 : option->text.lastIndexOf(what);
    if (at < 0) return;  // the view's middle elision
    // Its first letter at least: the view elides the middle of what is still
    // too long (the list's text elide mode), the time at the end stays.
    const int least = fm.horizontalAdvance(what.left(1) + QStringLiteral("…"));
    const int left = std::max(fm.horizontalAdvance(what) - excess, least);
    option->text.replace(at, what.size(), fm.elidedText(what, Qt::ElideRight, left));
}

QString ResultRowDelegate::shownText(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem o = option;
    initStyleOption(&o, index);
    return o.text;
}

ResultsPanel::ResultsPanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new ResultsModel(session->model(), this)) {
    auto* v = new QVBoxLayout(this);
    head_ = new QLabel;
    head_->setWordWrap(true);
    v->addWidget(head_);
    list_ = new QListView;
    list_->setModel(model_);
    list_->setUniformItemSizes(true);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->setItemDelegate(new ResultRowDelegate(list_));
    list_->setTextElideMode(Qt::ElideMiddle);  // the time at the row's end stays
    v->addWidget(list_, 1);
    footer_ = new QLabel;
    footer_->setWordWrap(true);
    v->addWidget(footer_);
    connect(list_, &QListView::clicked, this, [this](const QModelIndex& i) {
        emit taskActivated(i.data(ResultsModel::TaskRole).toLongLong(), i.data(ResultsModel::TimeRole).toDouble());
    });
}

void ResultsPanel::refresh(double t) {
    model_->setTime(t);
    const TimelineModel& m = *session_->model();
    head_->setText(m.run().callerRecorded()
                       ? tr("In the order the caller received them:")
                       : tr("A recorded program: its trace does not say what main() received."));
    QStringList lines;
    // Ties the virtual clock made among the results. In completion order
    // two tasks that ended at one instant are in the loop's order, which a
    // real clock could swap; in done sets they come together, where a real
    // clock could part them (their starts are apart; by more than the loop's
    // wake-up granularity, about a millisecond, they are parted).
    const Scenario& s = session_->scenario();
    const ResultHandOver handOver = resultHandOver(s.limit, s.collect);
    const bool firstCompleted = handOver == ResultHandOver::DoneSets;
    if (m.run().callerRecorded() && handOver != ResultHandOver::Other) {
        if (tiesGeneration_ != m.run().generation()) ties_ = {};
        tiesGeneration_ = m.run().generation();
        m.run().countResultTies(ties_, m.resultsUpTo(t), firstCompleted);
        if (ties_.count > 0) {
            const auto taskOf = [&](std::size_t k) { return m.taskId(static_cast<std::size_t>(m.resultTask(k))); };
            const auto a = ties_.first, b = ties_.first + 1;  // as the list numbers them
            if (firstCompleted && ties_.count == 1)
                lines << tr("Call %1 returned tasks %2 and %3 together: they ended at the same virtual instant. "
                            "On a real clock their ends would be apart by the time it took to start each, and "
                            "wait(FIRST_COMPLETED) could then return only the first of them.")
                             .arg(m.result(a).call + 1)
                             .arg(taskOf(a - 1))
                             .arg(taskOf(b - 1));
            else if (firstCompleted)
                lines << tr("%L1 times a call returned tasks that ended at the same virtual instant together (the "
                            "first: call %2, tasks %3 and %4). On a real clock those ends would be apart by the "
                            "time it took to start each, and wait(FIRST_COMPLETED) could then return only the "
                            "first of them.")
                             .arg(ties_.count)
                             .arg(m.result(a).call + 1)
                             .arg(taskOf(a - 1))
                             .arg(taskOf(b - 1));
            else if (ties_.count == 1)
                lines << tr("Results %1 and %2 (tasks %3 and %4) come from tasks that ended at the same virtual "
                            "instant: their order is the event loop's. On a real clock the two ends would be "
                            "microseconds apart, and that could swap them.")
                             .arg(a)
                             .arg(b)
                             .arg(taskOf(a - 1))
                             .arg(taskOf(b - 1));
            else
                lines << tr("%L1 results come from tasks that ended at the same virtual instant as the one before "
                            "them (the first: results %2 and %3, tasks %4 and %5): their order is the event "
                            "loop's. On a real clock those ends would be microseconds apart, and that could "
                            "change the order.")
                             .arg(ties_.count)
                             .arg(a)
                             .arg(b)
                             .arg(taskOf(a - 1))
                             .arg(taskOf(b - 1));
        }
    }
    if (!std::isnan(m.raiseTime()) && m.raiseTime() <= t)
        lines << tr("The collector raised <b>%1</b> at %2.").arg(m.raisedName(), formatTime(m.raiseTime(), 1e-3));
    // (`collected`: the collector returned. After wait() with tasks still
    // pending it did not collect everything: the line below names them.)
    if (!std::isnan(m.collectedTime()) && m.collectedTime() <= t)
        lines << (m.pendingTasks().empty()
                      ? tr("Collected everything at %1.").arg(formatTime(m.collectedTime(), 1e-3))
                      : tr("The collector returned at %1, before every task had ended.")
                            .arg(formatTime(m.collectedTime(), 1e-3)));
    if (!m.pendingTasks().empty() && m.ended() && m.endTime() <= t) {
        QStringList ids;
        for (auto id : m.pendingTasks()) {
            if (ids.size() >= 12) {
                ids << QStringLiteral("…");
                break;
            }
            ids << QString::number(id);
        }
        lines << tr("Still pending when wait() returned: %1").arg(ids.join(QStringLiteral(", ")));
    }
    if (m.ended() && m.endTime() <= t) {
        const QString outcome = m.outcome() == Outcome::Ok        ? tr("ok")
                                : m.outcome() == Outcome::Raised  ? tr("raised %1").arg(m.raisedName())
                                                                  : tr("deadlock");
        lines << tr("Program ended at %1: %2.").arg(formatTime(m.endTime(), 1e-3), outcome);
    }
    footer_->setText(lines.join(QStringLiteral("<br>")));
    list_->scrollToBottom();
}

}  // namespace cs::ui
