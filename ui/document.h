#pragma once
// What the user works on, apart from any window: the scenario and its run
// (Session), the live runner that plays it, and where they are looking in
// it (Viewport: zoom, selected span, cursor). A MainWindow shows a
// document; switching the interface language builds a new window over the
// same document (WindowHost), so the run is neither run again nor read
// again from its file, and the zoom, time and selection stay as they were.
#include <QObject>

namespace cs::ui {

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

private:
    Session* session_;
    LiveRunner* runner_;
    Viewport* viewport_;
};

}  // namespace cs::ui
