// LessonText: placeholders are found and filled outside code only.
#include <catch2/catch.hpp>

#include "lessons/lesson_text.h"

using cs::lessons::ClaimValue;
using cs::lessons::ClaimValues;
using cs::lessons::LessonText;
using json = nlohmann::json;

TEST_CASE("placeholders outside code are filled per language; code is copied as it is") {
    const ClaimValues values{{"total", ClaimValue::seconds(4.5)}, {"order", ClaimValue(json({1, 2, 0}))}};
    CHECK(LessonText::fill("The jobs take **{total} s**.", "en", values) == "The jobs take **4.5 s**.");
    CHECK(LessonText::fill("顺序是 {order}。", "zh_CN", values) == "顺序是 1、2、0。");
    CHECK(LessonText::fill("Tasks {order:and} end.", "en", values) == "Tasks 1, 2 and 0 end.");
    // Inline code and fenced blocks hold Python, not placeholders.
    CHECK(LessonText::fill("`{total}` and {total}", "en", values) == "`{total}` and 4.5");
    const std::string fenced = "Before {total}\n```python\nd = {total}\nfor x in {order}: pass\n```\nafter {total}";
    CHECK(LessonText::fill(fenced, "en", values) == "Before 4.5\n```python\nd = {total}\nfor x in {order}: pass\n```\nafter 4.5");
    // Not a claim, or not a placeholder at all: left alone.
    CHECK(LessonText::fill("{unknown} {Total} { total} {total", "en", values) == "{unknown} {Total} { total} {total");
    // An unclosed backtick is plain text.
    CHECK(LessonText::fill("a ` b {total}", "en", values) == "a ` b 4.5");
}

TEST_CASE("placeholders are listed with their style; prose drops the code") {
    const auto ps = LessonText::placeholders("x {a} `{b}` {c:and}\n```\n{d}\n```\n{e}");
    REQUIRE(ps.size() == 3);
    CHECK(ps[0].id == "a");
    CHECK(ps[1].id == "c");
    CHECK(ps[1].style == "and");
    CHECK(ps[2].id == "e");
    CHECK(LessonText::prose("run `Semaphore(3)` now") == "run   now");
    CHECK(LessonText::prose("a\n```py\nx = 3\n```\nb") == "a\n \nb");
    // A fence left open runs to the end.
    CHECK(LessonText::prose("a\n```\nx = 3") == "a\n ");
}
