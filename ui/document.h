#pragma once
// What the user works on, apart from any window: the scenario and its run
// (Session), the live runner that plays it, where they are looking in it
// (Viewport: zoom, selected span, cursor, selected task) and the lessons
// with the open one (Lessons). A MainWindow shows a document; switching the
// interface language builds a new window over the same document
// (WindowHost), so the run is neither run again nor read again from its
// file, and the zoom, time, selection and open lesson stay as they were.
#include <QObject>

namespace cs::ui {

class Lessons;
class LiveRunner;
class Session;
class Viewport;

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);
    ~Document() override;

    Session* session() const { return session_; }
    LiveRunner* runner() const { return runner_; }
    Viewport* viewport() const { return viewport_; }
    Lessons* lessons() const { return lessons_; }

private:
    Session* session_;
    LiveRunner* runner_;
    Viewport* viewport_;
    Lessons* lessons_;
};

}  // namespace cs::ui
