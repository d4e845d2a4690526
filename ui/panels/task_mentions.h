#pragma once
// Where a text names tasks: "task 4", "Tasks 7 and 13", "tasks 2, 5 or 9",
// "tasks 0–3", "任务 3", "任务 7 和 13". Pure text scanning (no widgets), so
// the lesson text can highlight the selected task's mentions and a click on
// one can select that task.
#include <QString>
#include <vector>

namespace cs::ui {

struct TaskMention {
    long long first = 0;  // the task, or the first of a range
    long long last = 0;   // == first unless a range ("tasks 0–3")
    int start = 0;        // characters of the mention in the text
    int length = 0;
    bool covers(long long task) const { return task >= first && task <= last; }
};

class TaskMentions {
public:
    // Every mention in text order. The first number of a list carries the
    // word ("task 7" of "tasks 7 and 13"); the others are the number alone.
    static std::vector<TaskMention> find(const QString& text);
};

}  // namespace cs::ui
