#include "panels/tasks_panel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "live/session.h"
#include "panels/task_story.h"
#include "panels/task_table_model.h"
#include "timeline/state_palette.h"

namespace cs::ui {

namespace {
// Re-sorting a million rows on every frame would stall the GUI: above this
// the table sorts when a header is clicked, not continuously.
constexpr std::size_t kDynamicSortLimit = 20000;

// Sorting the rows by id, ascending (the table's default), when lane i is
// task i (an engine run, most traces) is sorting them into the order they
// already have: a million rows compared through QVariants, the biggest part
// of opening a million-task trace. That sort is skipped: the rows keep the
// model's order, which is the same.
class TaskSortProxy final : public QSortFilterProxyModel {
public:
    TaskSortProxy(const TimelineModel* model, QObject* parent) : QSortFilterProxyModel(parent), model_(model) {}
    void sort(int column, Qt::SortOrder order) override {
        if (column == TaskTableModel::Id && order == Qt::AscendingOrder && model_->run().config().taskIds.empty())
            column = -1;  // the model's own order
        QSortFilterProxyModel::sort(column, order);
    }

private:
    const TimelineModel* model_;
};
}  // namespace

TasksPanel::TasksPanel(Session* session, QWidget* parent)
    : QWidget(parent),
      model_(new TaskTableModel(session->model(), this)),
      proxy_(new TaskSortProxy(session->model(), this)),
      session_(session) {
    auto* v = new QVBoxLayout(this);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter: state, outcome, task id or name (e.g. waiting, ValueError, 12)"));
    filter_->setClearButtonEnabled(true);
    story_ = new QLabel(tr("Click a lane or a row to follow one task."));
    story_->setWordWrap(true);
    story_->setTextFormat(Qt::RichText);
    v->addWidget(story_);
    v->addWidget(filter_);
    proxy_->setSortRole(TaskTableModel::SortRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table_ = new QTableView;
    table_->setModel(proxy_);  // no rows until attach()
    table_->setSortingEnabled(true);
    table_->sortByColumn(TaskTableModel::Id, Qt::AscendingOrder);  // the header keeps it for the columns to come
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    v->addWidget(table_, 1);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (selecting_ || !cur.isValid()) return;
                const long long task = proxy_->mapToSource(cur).row();
                selected_ = task;
                story_->setText(storyText());
                emit taskSelected(task);
            });
    // A unit or the language changed the headers.
    connect(model_, &QAbstractItemModel::headerDataChanged, this, [this] {
        if (attached_) fitColumns(false);
    });
    connect(session->model(), &TimelineModel::rebuilt, this, [this] {
        if (attached_) fitToRun();
    });
}

void TasksPanel::attach() {
    if (attached_) return;
    attached_ = true;
    proxy_->setSourceModel(model_);
    fitToRun();
    if (selected_ >= 0) selectTask(selected_);
}

void TasksPanel::fitToRun() {
    // A name column only for a run whose tasks have names (a recorded
    // program's: the lanes' labels), so rows and lanes match.
    const auto& names = session_->model()->run().config().names;
    const bool any = std::any_of(names.begin(), names.end(), [](const std::string& n) { return !n.empty(); });
    table_->setColumnHidden(TaskTableModel::Name, !any);
    fitColumns(false);
    proxy_->setDynamicSortFilter(session_->model()->taskCount() <= kDynamicSortLimit);
    // Lanes may stop (or start) being in id order: the order shown follows
    // the header again.
    const QHeaderView* h = table_->horizontalHeader();
    proxy_->sort(h->sortIndicatorSection(), h->sortIndicatorOrder());
}

void TasksPanel::showEvent(QShowEvent* e) {
    attach();
    QWidget::showEvent(e);
}

void TasksPanel::refresh(double t) {
    attach();
    t_ = t;
    model_->setTime(t);
    fitColumns(true);
    if (selected_ >= 0) story_->setText(storyText());
}

void TasksPanel::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    // Presentation mode's bigger font: fitted once the table has it too.
    if (e->type() == QEvent::FontChange || e->type() == QEvent::StyleChange)
        QMetaObject::invokeMethod(this, [this] { fitColumns(false); }, Qt::QueuedConnection);
}

void TasksPanel::fitColumns(bool growOnly) {
    QHeaderView* h = table_->horizontalHeader();
    const QFontMetrics cell = table_->fontMetrics();
    const QFontMetrics head = h->fontMetrics();
    const QStyle* style = table_->style();
    // A cell's and a header's margins, and the header's sort indicator.
    const int pad =
        2 * style->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h) + cell.horizontalAdvance(QLatin1Char('0'));
    const int mark = style->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, h);
    for (int c = 0; c < TaskTableModel::Outcome; ++c) {
        if (table_->isColumnHidden(c)) continue;
        int content = 0;
        switch (c) {
            case TaskTableModel::Id:
                content = cell.horizontalAdvance(QString::number(std::max(model_->rowCount() - 1, 0)));
                break;
            case TaskTableModel::Name:
                continue;  // names can be long: Qt's width, the user's to widen
            case TaskTableModel::State: {
                // The ends and "running", and the states of the rows in
                // view (the longest, "waiting for a free worker in the
                // pool", only where a row has it).
                for (const TaskState s : {TaskState::Running, TaskState::Done, TaskState::Failed, TaskState::Cancelled})
                    content = std::max(content, cell.horizontalAdvance(StatePalette::stateName(s)));
                const int first = std::max(table_->rowAt(0), 0);
                int last = table_->rowAt(table_->viewport()->height() - 1);
                if (last < 0) last = proxy_->rowCount() - 1;
                for (int r = first; r <= std::min(last, first + 200); ++r)
                    content = std::max(content, cell.horizontalAdvance(proxy_->index(r, c).data().toString()));
                content += style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, table_) + 4;  // the colour swatch
                break;
            }
            default: content = cell.horizontalAdvance(model_->widestText(c)); break;
        }
        const int header = head.horizontalAdvance(model_->headerData(c, Qt::Horizontal).toString()) + mark;
        const int width = std::max(content, header) + pad;
        if (!growOnly || width > h->sectionSize(c)) h->resizeSection(c, width);
    }
}

QString TasksPanel::storyText() const {
    if (selected_ < 0) return {};
    return taskStory(*session_->model(), static_cast<std::size_t>(selected_), t_);
}

void TasksPanel::selectTask(long long task) {
    selected_ = task;
    story_->setText(task >= 0 ? storyText() : tr("Click a lane or a row to follow one task."));
    if (!attached_) return;  // attach() selects it
    selecting_ = true;
    if (task < 0 || task >= model_->rowCount()) {
        table_->clearSelection();
    } else {
        const QModelIndex i = proxy_->mapFromSource(model_->index(static_cast<int>(task), 0));
        if (i.isValid()) {
            table_->selectionModel()->setCurrentIndex(
                i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            table_->scrollTo(i);
        }
    }
    selecting_ = false;
}

}  // namespace cs::ui
