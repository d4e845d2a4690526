// Where a text names tasks, in English and Chinese: what the lesson text
// highlights for the selected task and what a click on it selects.
#include <catch2/catch.hpp>

#include "panels/task_mentions.h"

using namespace cs::ui;

namespace {
struct Expect {
    long long first, last;
    const char* text;  // the characters highlighted
};

void check(const QString& text, std::initializer_list<Expect> want) {
    CAPTURE(text.toStdString());
    const auto got = TaskMentions::find(text);
    REQUIRE(got.size() == want.size());
    std::size_t i = 0;
    for (const Expect& e : want) {
        const TaskMention& m = got[i++];
        CHECK(m.first == e.first);
        CHECK(m.last == e.last);
        CHECK(text.mid(m.start, m.length) == QString::fromUtf8(e.text));
    }
}
}  // namespace

TEST_CASE("task mentions are found with their word, lists and ranges, in English and Chinese") {
    check(QStringLiteral("Task 0's sleep ends late."), {{0, 0, "Task 0"}});
    check(QStringLiteral("Tasks 7 and 13 run in the thread pool"), {{7, 7, "Tasks 7"}, {13, 13, "13"}});
    check(QStringLiteral("tasks 2, 5 or 9 fail"), {{2, 2, "tasks 2"}, {5, 5, "5"}, {9, 9, "9"}});
    check(QStringLiteral("tasks 0–3 hold permits"), {{0, 3, "tasks 0–3"}});
    check(QStringLiteral("第一个任务 3 先完成"), {{3, 3, "任务 3"}});
    check(QStringLiteral("任务 7 和 13 在线程池中运行"), {{7, 7, "任务 7"}, {13, 13, "13"}});
    check(QStringLiteral("任务4、5"), {{4, 4, "任务4"}, {5, 5, "5"}});
    check(QStringLiteral("Task 4 and task 16 call time.sleep"), {{4, 4, "Task 4"}, {16, 16, "task 16"}});
}

TEST_CASE("numbers that are not task ids are not mentions") {
    check(QStringLiteral("Semaphore(3) finishes in 4.4 s"), {});
    check(QStringLiteral("multitask 5, subtasks 3"), {});
    check(QStringLiteral("tasks 9–2"), {});  // not a range
}
