#include "lessons/lesson_browser.h"

#include <QEvent>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QResizeEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QTimer>
#include <QToolTip>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "i18n/language.h"
#include "lessons/code_breaks.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_model.h"
#include "lessons/lesson_player.h"
#include "lessons/lesson_progress.h"
#include "lessons/lesson_view.h"
#include "lessons/lessons.h"
#include "timeline/passes/callout_pass.h"
#include "timeline/time_pixel.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"

namespace cs::ui {

namespace {
// A title too long for the side column wraps onto more lines instead of
// ending in "…" (a class reads the list from the back row; nobody hovers),
// at a word boundary or in a call chain (code_breaks.h: "asyncio.wait(" /
// "FIRST_COMPLETED)"), inside a word only if it is still too long for a
// line. The style would elide such a word, and
// QTreeView asks a row's height without a width (indexRowSizeHint): the
// title is measured and drawn here, in the room the style gives the text.
class WrappingDelegate final : public QStyledItemDelegate {
public:
    explicit WrappingDelegate(QTreeView* view) : QStyledItemDelegate(view), view_(view) {}

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize size = QStyledItemDelegate::sizeHint(option, index);  // one line
        int depth = view_->rootIsDecorated() ? 1 : 0;
        for (QModelIndex p = index.parent(); p.isValid(); p = p.parent()) ++depth;
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        o.rect = QRect(0, 0, view_->viewport()->width() - depth * view_->indentation(), size.height());
        const int room = textRect(o).width();
        if (room <= 0) return size;
        const double textHeight = layOut(o.text, o.font, room, nullptr);
        const int extra = static_cast<int>(std::ceil(textHeight)) - QFontMetrics(o.font).height();
        size.setHeight(size.height() + std::max(0, extra));
        return size;
    }

    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        const QRect r = textRect(o);
        const QString text = o.text;
        o.text.clear();  // background, check box, focus: the style's
        view_->style()->drawControl(QStyle::CE_ItemViewItem, &o, p, view_);
        QPalette::ColorGroup group = o.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        if (group == QPalette::Normal && !(o.state & QStyle::State_Active)) group = QPalette::Inactive;
        p->save();
        const bool selected = o.state & QStyle::State_Selected;
        p->setPen(o.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
        QTextLayout layout;
        const double h = layOut(text, o.font, r.width(), &layout);
        layout.draw(p, QPointF(r.left(), r.top() + std::max(0.0, (r.height() - h) / 2)));
        p->restore();
    }

private:
    // Where QCommonStyle puts an item's text: its text rect less a margin each side.
    QRect textRect(const QStyleOptionViewItem& o) const {
        const QStyle* style = view_->style();
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &o, view_) + 1;
        return style->subElementRect(QStyle::SE_ItemViewItemText, &o, view_).adjusted(margin, 0, -margin, 0);
    }

    // `text` in lines of `width`; returns their height (into `out` if given).
    static double layOut(const QString& text, const QFont& font, int width, QTextLayout* out) {
        QTextLayout local;
        QTextLayout& layout = out ? *out : local;
        layout.setText(withCodeBreaks(text));
        layout.setFont(font);
        QTextOption opt;
        opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(opt);
        double y = 0.0;
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            line.setPosition(QPointF(0.0, y));
            y += line.height();
        }
        layout.endLayout();
        return y;
    }

    QTreeView* view_;
};
}  // namespace

LessonBrowser::LessonBrowser(Lessons* lessons, QWidget* parent)
    : QWidget(parent), lib_(&lessons->library()), progress_(lessons->progress()), player_(lessons->player()) {
    model_ = new LessonModel(lib_, progress_, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterRole(LessonModel::SearchRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setRecursiveFilteringEnabled(true);

    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    split_ = new QSplitter(Qt::Vertical);
    listPart_ = new QWidget;
    auto* lv = new QVBoxLayout(listPart_);
    lv->setContentsMargins(6, 6, 6, 0);
    lv->setSpacing(4);
    search_ = new QLineEdit;
    search_->setClearButtonEnabled(true);
    search_->setObjectName(QStringLiteral("lessonSearch"));
    bar_ = new QProgressBar;
    bar_->setTextVisible(true);
    bar_->setMaximumHeight(18);
    loadErrors_ = new QLabel;
    loadErrors_->setWordWrap(true);
    loadErrors_->setStyleSheet(QStringLiteral("color: #c04a00"));
    tree_ = new QTreeView;
    tree_->setModel(proxy_);
    tree_->setHeaderHidden(true);
    // Rows as tall as their wrapped titles, again whenever the column's
    // width changes (the dock resized, a scroll bar shown).
    tree_->setUniformRowHeights(false);
    tree_->setItemDelegate(new WrappingDelegate(tree_));
    tree_->viewport()->installEventFilter(this);
    tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree_->setObjectName(QStringLiteral("lessonTree"));
    tree_->expandAll();
    lv->addWidget(search_);
    lv->addWidget(bar_);
    lv->addWidget(loadErrors_);
    lv->addWidget(tree_, 1);
    view_ = new LessonView(player_);
    split_->addWidget(listPart_);
    split_->addWidget(view_);
    split_->setStretchFactor(0, 2);
    split_->setStretchFactor(1, 3);
    v->addWidget(split_);

    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text.trimmed());
        tree_->expandAll();
    });
    connect(tree_, &QTreeView::activated, this, &LessonBrowser::activate);
    connect(tree_, &QTreeView::clicked, this, &LessonBrowser::activate);
    connect(progress_, &LessonProgress::changed, this, &LessonBrowser::updateProgress);
    connect(player_, &LessonPlayer::lessonChanged, this, &LessonBrowser::showCurrentLesson);
    showCurrentLesson();  // a lesson already open (a window built over the same document)

    setLanguage(Language::current());
    retranslate();
    if (!lib_->errors().isEmpty() || lib_->isEmpty()) {
        loadErrors_->setText(lib_->isEmpty() ? lessons->loadError() : lib_->errors().join(QLatin1Char('\n')));
        loadErrors_->show();
    } else {
        loadErrors_->hide();
    }
}

LessonBrowser::~LessonBrowser() = default;

void LessonBrowser::showCurrentLesson() {
    model_->setCurrentLesson(player_->lessonId());
    const QModelIndex i = proxy_->mapFromSource(model_->indexOfLesson(player_->lessonId()));
    if (i.isValid()) tree_->setCurrentIndex(i);
}

bool LessonBrowser::openLesson(const QString& key, QString* error) {
    if (!player_->open(key, error)) return false;
    emit lessonOpened(player_->lessonId());
    return true;
}

void LessonBrowser::activate(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid() || !proxyIndex.data(LessonModel::IsLessonRole).toBool()) return;
    const QString id = proxyIndex.data(LessonModel::IdRole).toString();
    if (id == player_->lessonId()) return;  // a second click must not restart it
    openLesson(id);
}

void LessonBrowser::attachTimeline(TimelineView* timeline, Viewport* viewport) {
    timeline_ = timeline;
    viewport_ = viewport;
    timeline->addPass(std::make_unique<CalloutPass>(player_->notes()));
    connect(player_, &LessonPlayer::notesChanged, timeline, qOverload<>(&QWidget::update));
    timeline->installEventFilter(this);
}

bool LessonBrowser::eventFilter(QObject* watched, QEvent* e) {
    if (watched == tree_->viewport() && e->type() == QEvent::Resize) {
        const int width = static_cast<QResizeEvent*>(e)->size().width();
        if (width != static_cast<QResizeEvent*>(e)->oldSize().width())
            QTimer::singleShot(0, tree_, [tree = tree_] { tree->doItemsLayout(); });
    }
    // Hovering a callout marker on the ruler shows its text.
    if (watched == timeline_ && e->type() == QEvent::ToolTip && viewport_) {
        auto* he = static_cast<QHelpEvent*>(e);
        const TimelineLayout& L = timeline_->currentLayout();
        const int half = CalloutPass::markerHalfWidth(L.scale) + 2;
        if (he->pos().y() >= L.ruler.top() && he->pos().y() <= L.ruler.bottom() + 2 * half) {
            const auto notes = player_->notes();
            QStringList hits;
            for (const TimelineNote& n : notes->notes) {
                // A callout that belongs to the answer stays hidden until it is out.
                if (n.kind != TimelineNote::Kind::Callout || !player_->calloutShown(n.t)) continue;
                const double x = L.timeArea.left() + tp::timeToX(n.t, viewport_->window(), L.timeWidth());
                if (std::abs(x - he->pos().x()) <= half) hits << n.text;
            }
            if (!hits.isEmpty()) {
                QToolTip::showText(he->globalPos(), hits.join(QStringLiteral("\n\n")), timeline_);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, e);
}

void LessonBrowser::setCompact(bool compact) {
    compact_ = compact;
    listPart_->setVisible(!compact);
}

void LessonBrowser::setLanguage(const QString& lang) {
    model_->setLanguage(lang);
    player_->setLanguage(lang);
}

void LessonBrowser::retranslate() {
    search_->setPlaceholderText(tr("Search lessons"));
    updateProgress();
    view_->refresh();
}

void LessonBrowser::updateProgress() {
    const int total = static_cast<int>(lib_->size());
    const int done = progress_->completedAmong(lib_->ids());
    bar_->setRange(0, std::max(1, total));
    bar_->setValue(done);
    bar_->setFormat(tr("%1 of %2 lessons completed").arg(done).arg(total));
}

void LessonBrowser::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) {
        setLanguage(Language::current());
        retranslate();
    }
    QWidget::changeEvent(e);
}

}  // namespace cs::ui
