#pragma once
// Owns the application's document (Document: the run, the live runner, the
// zoom, selected span and cursor) and its main window, and switches the
// interface language at run time (View > Language): installs the new
// translators, then builds a new main window in the new language over the
// same document — nothing is run or read again, playing goes on, the
// selected task and the open lesson with its answered question stay (they
// are the document's) — and hands it the old window's own state: geometry
// and docks, following the live time or not, the program in the editor
// (saved or not) and its file name, presentation mode. Rebuilding makes every text of every panel follow, including texts
// computed once.
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>


namespace cs::ui {

class Document;
class MainWindow;

class WindowHost : public QObject {
    Q_OBJECT
public:
    explicit WindowHost(QObject* parent = nullptr);
    ~WindowHost() override;

    // The first window (not shown yet).
    MainWindow* createWindow();
    MainWindow* window() const { return window_; }
    Document* document() const { return document_; }
    // Install `code` ("" = the system's), save it as the user's choice when
    // `remember`, and rebuild the window in it. Returns the language shown.
    QString switchLanguage(const QString& code, bool remember = true);

signals:
    void windowReplaced(cs::ui::MainWindow* window);

private:
    MainWindow* makeWindow();
    void disconnectFromDocument(MainWindow* old);

    Document* document_;
    QPointer<MainWindow> window_;
    // Windows replaced by a language switch, until the event loop deletes
    // them: their panels still point at the document's lessons and run, so
    // they go before the document does (~WindowHost).
    QList<QPointer<MainWindow>> retired_;
};

}  // namespace cs::ui
