#pragma once
// A dock of the main window whose title is drawn in the font that title
// has now. QDockWidget draws it in a copy of the application's dock title
// font taken when the dock was made (QDockWidgetPrivate::init), so a later
// font change (presentation mode enlarges the application font) reached
// the dock's panel and its title bar's height but not the title's letters.
#include <QDockWidget>

namespace cs::ui {

class PanelDock : public QDockWidget {
    Q_OBJECT
public:
    explicit PanelDock(const QString& title, QWidget* parent = nullptr);

    // What QDockWidget would pick, but as the fonts are now: the
    // application's font for dock titles while the dock follows the
    // application's font, else the dock's own.
    QFont titleFont() const;

protected:
    void paintEvent(QPaintEvent* e) override;
};

}  // namespace cs::ui
