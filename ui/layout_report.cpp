#include "layout_report.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTabBar>

#include "panels/eliding_combo_box.h"

namespace cs::ui {

namespace {
// A dock narrower or shorter than this shows nothing useful.
constexpr QSize kMinDock{80, 60};
// The timeline needs at least this much to show lanes.
constexpr QSize kMinCentral{320, 200};
// A slider shorter than this is too short to drag to a chosen value.
constexpr int kMinSlider = 48;
// Styles pad a tab's text by a few pixels each side; a tab shorter than its
// text plus this has been elided.
constexpr int kTabPadding = 8;

QString rectText(const QRect& r) {
    return QStringLiteral("%1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
}

QJsonArray rectJson(const QRect& r) { return {r.x(), r.y(), r.width(), r.height()}; }

// The widget's rectangle in window coordinates.
QRect inWindow(const QWidget* w, const QWidget* window) {
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

// On screen: shown, and not a tab parked outside the window by Qt.
bool onScreen(const QWidget* x) { return x->isVisible() && !x->visibleRegion().isEmpty(); }

QString nameOf(const QWidget* w) {
    if (auto* d = qobject_cast<const QDockWidget*>(w)) return d->windowTitle();
    if (auto* l = qobject_cast<const QLabel*>(w)) return QStringLiteral("label \"%1\"").arg(l->text().left(60));
    if (auto* b = qobject_cast<const QAbstractButton*>(w))
        return QStringLiteral("button \"%1\"").arg(b->text().left(60));
    return QString::fromLatin1(w->metaObject()->className());
}

// A tab for `title` is on screen (the dock is one tab of a visible group).
bool tabShown(const QMainWindow& w, const QString& title) {
    for (const QTabBar* bar : w.findChildren<QTabBar*>()) {
        if (!bar->isVisible()) continue;
        for (int i = 0; i < bar->count(); ++i)
            if (bar->tabText(i) == title) return true;
    }
    return false;
}

void checkTexts(const QMainWindow& w, QStringList& out) {
    for (const QLabel* l : w.findChildren<QLabel*>()) {
        if (!onScreen(l) || l->text().isEmpty() || l->window() != &w) continue;
        if (l->wordWrap()) {
            const int need = l->heightForWidth(l->width());
            if (need > l->height() + 1)
                out << QStringLiteral("%1 is cut off: %2 px tall, its text needs %3")
                           .arg(nameOf(l))
                           .arg(l->height())
                           .arg(need);
        } else if (l->sizeHint().width() > l->width() + 1) {
            out << QStringLiteral("%1 is cut off: %2 px wide, its text needs %3")
                       .arg(nameOf(l))
                       .arg(l->width())
                       .arg(l->sizeHint().width());
        }
    }
    for (const QAbstractButton* b : w.findChildren<QAbstractButton*>()) {
        if (!onScreen(b) || b->text().isEmpty() || b->window() != &w) continue;
        if (b->minimumSizeHint().width() > b->width() + 1)
            out << QStringLiteral("%1 is cut off: %2 px wide, needs %3")
                       .arg(nameOf(b))
                       .arg(b->width())
                       .arg(b->minimumSizeHint().width());
    }
    // A combo box's current text: Qt's styles cut it at the box's edge,
    // mid-word, unless the box ends it in '…' (ElidingComboBox).
    for (const QComboBox* c : w.findChildren<QComboBox*>()) {
        if (!onScreen(c) || c->isEditable() || c->currentText().isEmpty() || c->window() != &w ||
            c->property(ElidingComboBox::kElidesProperty).toBool())
            continue;
        QStyleOptionComboBox opt;
        opt.initFrom(c);
        opt.editable = false;
        opt.frame = c->hasFrame();
        opt.subControls = QStyle::SC_All;
        opt.currentText = c->currentText();
        const QRect field = c->style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, c);
        const int need = c->fontMetrics().horizontalAdvance(c->currentText()) + 2;
        if (need > field.width())
            out << QStringLiteral("combo box \"%1\" is cut off: %2 px for its text, needs %3")
                       .arg(c->currentText().left(60))
                       .arg(field.width())
                       .arg(need);
    }
    for (const QAbstractSlider* sl : w.findChildren<QAbstractSlider*>()) {
        if (!onScreen(sl) || sl->window() != &w || qobject_cast<const QScrollBar*>(sl)) continue;
        const int have = sl->orientation() == Qt::Horizontal ? sl->width() : sl->height();
        if (have < kMinSlider)
            out << QStringLiteral("a slider (%1) is too short to drag: %2 px, needs %3")
                       .arg(sl->objectName().isEmpty() ? sl->toolTip().left(60) : sl->objectName())
                       .arg(have)
                       .arg(kMinSlider);
    }
    // A spin box's value: its field scrolls rather than show all of it.
    for (const QAbstractSpinBox* b : w.findChildren<QAbstractSpinBox*>()) {
        if (!onScreen(b) || b->window() != &w) continue;
        const QLineEdit* edit = b->findChild<QLineEdit*>();
        if (edit == nullptr) continue;
        // (QLineEdit keeps 2 px each side of its text.)
        const int need = edit->fontMetrics().horizontalAdvance(b->text()) + 4;
        const QRect field = edit->contentsRect();
        if (need > field.width())
            out << QStringLiteral("spin box \"%1\" is cut off: %2 px for its text, needs %3")
                       .arg(b->text().left(60))
                       .arg(field.width())
                       .arg(need);
    }
    // A panel in a scroll area may scroll down, but a column too narrow for
    // it (a sideways scroll bar) hides half of every line.
    for (const QScrollArea* a : w.findChildren<QScrollArea*>()) {
        if (!onScreen(a) || a->window() != &w || !a->widgetResizable()) continue;
        if (a->horizontalScrollBar()->isVisible())
            out << QStringLiteral("%1 is wider than its column: %2 px, needs %3")
                       .arg(a->widget() ? nameOf(a->widget()) : QStringLiteral("a scroll area"))
                       .arg(a->viewport()->width())
                       .arg(a->widget() ? a->widget()->minimumSizeHint().width() : 0);
    }
    for (const QTabBar* bar : w.findChildren<QTabBar*>()) {
        if (!onScreen(bar) || bar->window() != &w) continue;
        const bool vertical = bar->shape() == QTabBar::RoundedWest || bar->shape() == QTabBar::RoundedEast ||
                              bar->shape() == QTabBar::TriangularWest || bar->shape() == QTabBar::TriangularEast;
        for (int i = 0; i < bar->count(); ++i) {
            const QRect r = bar->tabRect(i);
            const int have = vertical ? r.height() : r.width();
            const int need = bar->fontMetrics().horizontalAdvance(bar->tabText(i)) + 2 * kTabPadding;
            if (have < need)
                out << QStringLiteral("tab \"%1\" is elided: %2 px for %3").arg(bar->tabText(i)).arg(have).arg(need);
            // A tab scrolled out of the bar (scroll buttons) is still reachable.
        }
    }
}
}  // namespace

QStringList LayoutReport::problems(const QMainWindow& w, QRect screen) {
    QStringList out;
    if (!screen.isEmpty() && !screen.contains(w.frameGeometry()))
        out << QStringLiteral("the window frame %1 is not inside the screen's available area %2")
                   .arg(rectText(w.frameGeometry()), rectText(screen));
    const QRect inside = w.rect();
    if (const QWidget* c = w.centralWidget()) {
        const QRect r = inWindow(c, &w);
        if (!c->isVisible() || r.width() < kMinCentral.width() || r.height() < kMinCentral.height() ||
            !inside.contains(r))
            out << QStringLiteral("the timeline area %1 is hidden, too small or outside the window").arg(rectText(r));
    }
    for (const QDockWidget* d : w.findChildren<QDockWidget*>()) {
        if (!d->toggleViewAction()->isChecked()) continue;  // closed on purpose (View menu)
        if (d->isFloating()) {
            if (!screen.isEmpty() && !screen.contains(d->frameGeometry()))
                out << QStringLiteral("the floating dock %1 is not inside the screen").arg(d->windowTitle());
            continue;
        }
        const QRect r = inWindow(d, &w);
        const bool shown = d->isVisible() && inside.contains(r);
        // A tab that is not the current one is hidden (or parked outside
        // the window, as Qt 6 does): it is reachable when its tab is shown.
        if (!shown && !w.tabifiedDockWidgets(const_cast<QDockWidget*>(d)).isEmpty()) {
            if (!tabShown(w, d->windowTitle()))
                out << QStringLiteral("the dock %1 is a tab, but its tab is not on screen").arg(d->windowTitle());
            continue;
        }
        if (!shown || r.width() < kMinDock.width() || r.height() < kMinDock.height())
            out << QStringLiteral("the dock %1 (%2) is hidden, outside the window or too small")
                       .arg(d->windowTitle(), rectText(r));
    }
    if (const QStatusBar* s = w.findChild<QStatusBar*>(); s && s->isVisible() && !inside.contains(inWindow(s, &w)))
        out << QStringLiteral("the status bar is outside the window");
    checkTexts(w, out);
    return out;
}

QJsonObject LayoutReport::describe(const QMainWindow& w) {
    QJsonObject o;
    const QScreen* s = w.screen();
    const QRect avail = s ? s->availableGeometry() : QRect();
    o[QStringLiteral("screen")] = rectJson(avail);
    o[QStringLiteral("devicePixelRatio")] = s ? s->devicePixelRatio() : 1.0;
    o[QStringLiteral("frame")] = rectJson(w.frameGeometry());
    o[QStringLiteral("window")] = rectJson(w.geometry());
    QJsonArray docks;
    for (const QDockWidget* d : w.findChildren<QDockWidget*>()) {
        QJsonObject j;
        j[QStringLiteral("name")] = d->objectName();
        j[QStringLiteral("title")] = d->windowTitle();
        j[QStringLiteral("open")] = d->toggleViewAction()->isChecked();
        j[QStringLiteral("visible")] = d->isVisible();
        j[QStringLiteral("floating")] = d->isFloating();
        j[QStringLiteral("area")] = static_cast<int>(w.dockWidgetArea(const_cast<QDockWidget*>(d)));
        j[QStringLiteral("tabbed")] = !w.tabifiedDockWidgets(const_cast<QDockWidget*>(d)).isEmpty();
        j[QStringLiteral("rect")] = rectJson(d->isVisible() ? inWindow(d, &w) : QRect());
        docks.append(j);
    }
    o[QStringLiteral("docks")] = docks;
    QJsonArray problems;
    for (const QString& p : LayoutReport::problems(w, avail)) problems.append(p);
    o[QStringLiteral("problems")] = problems;
    return o;
}

}  // namespace cs::ui
