#include "timeline_key_router.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QValidator>

namespace cs::ui {

namespace {

// The line edit's text after typing `typed` at its cursor (over its selection).
QString textAfterTyping(const QLineEdit& edit, const QString& typed, int* cursor) {
    QString text = edit.text();
    int at = edit.cursorPosition();
    if (edit.hasSelectedText()) {
        at = edit.selectionStart();
        text.remove(at, edit.selectedText().size());
    }
    text.insert(at, typed);
    *cursor = at + static_cast<int>(typed.size());
    return text;
}

bool lineEditTakes(const QLineEdit& edit, const QString& typed) {
    if (edit.isReadOnly()) return false;
    const QValidator* v = edit.validator();
    if (!v) return true;
    int cursor = 0;
    QString text = textAfterTyping(edit, typed, &cursor);
    return v->validate(text, cursor) != QValidator::Invalid;
}

}  // namespace

TimelineKeyRouter::TimelineKeyRouter(QWidget* window, QWidget* timeline)
    : QObject(window), window_(window), timeline_(timeline) {
    QCoreApplication::instance()->installEventFilter(this);
}

bool TimelineKeyRouter::isNavigationKey(const QKeyEvent& e) {
    if ((e.modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier) return false;
    switch (e.key()) {
        case Qt::Key_W:
        case Qt::Key_S:
        case Qt::Key_A:
        case Qt::Key_D:
        case Qt::Key_F:
        case Qt::Key_Period:
        case Qt::Key_Comma: return true;
        default: return false;
    }
}

bool TimelineKeyRouter::takesAsText(QWidget* w, const QKeyEvent& e) {
    const QString typed = e.text();
    if (typed.isEmpty()) return false;
    if (auto* edit = qobject_cast<QLineEdit*>(w)) return lineEditTakes(*edit, typed);
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(w)) {
        // Its text is in a child line edit; the spin box itself validates
        // (numbers, prefix and suffix, the locale's decimal point).
        const auto* edit = spin->findChild<QLineEdit*>();
        if (spin->isReadOnly() || !edit) return false;
        // Qt's validator lets a thousands separator through: nobody types
        // "1,000" as a limit (a box may show it, "20,000" tasks, but the
        // digits alone are what one types), so ',' (German: '.') stays the
        // timeline's.
        if (typed == spin->locale().groupSeparator()) return false;
        int cursor = 0;
        QString text = textAfterTyping(*edit, typed, &cursor);
        return spin->validate(text, cursor) != QValidator::Invalid;
    }
    if (auto* combo = qobject_cast<QComboBox*>(w)) return combo->isEditable() && combo->lineEdit() &&
                                                          lineEditTakes(*combo->lineEdit(), typed);
    if (auto* plain = qobject_cast<QPlainTextEdit*>(w)) return !plain->isReadOnly();
    if (auto* rich = qobject_cast<QTextEdit*>(w)) return !rich->isReadOnly();
    return false;
}

bool TimelineKeyRouter::belongsToWindow(QWidget* w) const {
    // Up the parents to the window; a floating dock is a window of its own
    // but still part of it. Dialogs and menus are not.
    for (; w; w = w->parentWidget()) {
        if (w == window_) return true;
        if (w->isWindow() && !qobject_cast<QDockWidget*>(w)) return false;
    }
    return false;
}

bool TimelineKeyRouter::eventFilter(QObject* watched, QEvent* event) {
    // Every event of the application passes here: the type test comes first.
    if (event->type() != QEvent::KeyPress || watched == timeline_ || !watched->isWidgetType()) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    auto* w = static_cast<QWidget*>(watched);
    if (!isNavigationKey(*key) || !belongsToWindow(w) || timeline_->isAncestorOf(w) || takesAsText(w, *key))
        return false;
    QCoreApplication::sendEvent(timeline_, key);
    return true;
}

}  // namespace cs::ui
