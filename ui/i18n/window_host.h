#pragma once
// Owns the application's main window and switches the interface language at
// run time (View > Language): installs the new translators, then builds a
// new main window in the new language and hands it the old one's state —
// geometry and docks, the scenario (live resizes and limit/collector changes
// included), the live time, playing or paused, speed, the selected task, the
// zoom, selected span and cursor, the open lesson and its answered question,
// the program in the editor (saved or not) and its file name, presentation
// mode. Rebuilding makes every text of every panel follow, including texts
// computed once.
#include <QObject>
#include <QPointer>
#include <QString>

namespace cs::ui {

class MainWindow;

class WindowHost : public QObject {
    Q_OBJECT
public:
    explicit WindowHost(QObject* parent = nullptr);
    ~WindowHost() override;

    // The first window (not shown yet).
    MainWindow* createWindow();
    MainWindow* window() const { return window_; }
    // Install `code` ("" = the system's), save it as the user's choice when
    // `remember`, and rebuild the window in it. Returns the language shown.
    QString switchLanguage(const QString& code, bool remember = true);

signals:
    void windowReplaced(cs::ui::MainWindow* window);

private:
    MainWindow* makeWindow();

    QPointer<MainWindow> window_;
};

}  // namespace cs::ui
