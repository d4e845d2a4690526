#pragma once
// The selected task, highlighted wherever a text view names it ("task 4",
// "tasks 7 and 13", "任务 3": TaskMentions), in the same colour as its lane
// and its line of code (StatePalette::taskHighlight); a click on a mention
// selects that task. The lesson text follows the timeline this way, and
// the timeline follows the lesson text.
#include <QObject>
#include <QPoint>
#include <QPointer>
#include <vector>

class QTextEdit;

namespace cs::ui {

class TaskMentionHighlighter : public QObject {
    Q_OBJECT
public:
    explicit TaskMentionHighlighter(QObject* parent = nullptr);

    // Follow this view's text (re-highlighted whenever it changes).
    void addText(QTextEdit* edit);
    // -1: none.
    void setTask(long long task);
    long long task() const { return task_; }
    // Mentions highlighted now, over all views (tests).
    int highlighted() const;

signals:
    void taskClicked(long long task);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void highlight(QTextEdit* edit);

    std::vector<QPointer<QTextEdit>> edits_;
    long long task_ = -1;
    QPoint pressAt_;
};

}  // namespace cs::ui
