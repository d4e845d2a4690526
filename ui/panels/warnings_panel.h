#pragma once
// The Warnings dock: pitfalls the run shows (warning_detector.h); clicking
// one selects its task and moves the cursor to it.
#include <QWidget>

class QLabel;
class QListView;

namespace cs::ui {

class Session;
class WarningsModel;

class WarningsPanel : public QWidget {
    Q_OBJECT
public:
    explicit WarningsPanel(Session* session, QWidget* parent = nullptr);
    void refresh();
    WarningsModel* model() const { return model_; }

signals:
    void warningActivated(long long task, double t);
    // A warning about a line of the program on screen (a program run on
    // the virtual clock) was clicked.
    void lineActivated(int line);
    void countChanged(int n);

private:
    Session* session_;
    WarningsModel* model_;
    QListView* list_;
    QLabel* detail_;
};

}  // namespace cs::ui
