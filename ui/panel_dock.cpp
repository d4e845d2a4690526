#include "panel_dock.h"

#include <QApplication>
#include <QMainWindow>
#include <QStyleOptionDockWidget>
#include <QStyleOptionFrame>
#include <QStylePainter>

namespace cs::ui {

PanelDock::PanelDock(const QString& title, QWidget* parent) : QDockWidget(title, parent) {}

QFont PanelDock::titleFont() const {
    if (font() == QApplication::font("QDockWidget")) return QApplication::font("QDockWidgetTitle");
    return font();
}

void PanelDock::paintEvent(QPaintEvent* e) {
    // Qt draws a title only for a dock in the main window or floating in a
    // frameless window of its own; a title bar widget or the window
    // manager's decoration (a floating dock with a frame) is left to it.
    const bool docked = qobject_cast<QMainWindow*>(parentWidget()) != nullptr && !isWindow();
    const bool framedByQt = isWindow() && windowFlags().testFlag(Qt::FramelessWindowHint);
    if (titleBarWidget() || !(docked || framedByQt)) {
        QDockWidget::paintEvent(e);
        return;
    }
    QStylePainter p(this);
    if (framedByQt) {
        QStyleOptionFrame frame;
        frame.initFrom(this);
        p.drawPrimitive(QStyle::PE_FrameDockWidget, frame);
    }
    QStyleOptionDockWidget title;
    initStyleOption(&title);
    const QFont f = titleFont();
    title.fontMetrics = QFontMetrics(f);
    p.setFont(f);
    p.drawControl(QStyle::CE_DockWidgetTitle, title);
}

}  // namespace cs::ui
