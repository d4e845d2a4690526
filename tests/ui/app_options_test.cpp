// The command line of `coroscope` (AppOptions). --help and --version without
// a display are checked on the real binary (help_without_display_test.sh).
#include <catch2/catch.hpp>

#include "app_options.h"

using namespace cs::ui;

TEST_CASE("the options --lesson, --example, --lang and --screenshot are parsed") {
    AppOptions o;
    QString err;
    REQUIRE(AppOptions::parse({"coroscope", "--example", "22", "--lang", "en", "--screenshot", "s.png"}, o, &err));
    CHECK(o.example == QStringLiteral("22"));
    CHECK(o.lesson.isEmpty());
    CHECK(o.file.isEmpty());
    CHECK(o.screenshot == QStringLiteral("s.png"));
    CHECK(o.quitAfter == 2.0);  // a screenshot run quits by itself
    REQUIRE(AppOptions::parse({"coroscope", "--lesson", "13", "--quit-after", "0.5"}, o, &err));
    CHECK(o.lesson == QStringLiteral("13"));
    CHECK(o.quitAfter == 0.5);
}

TEST_CASE("a file, --lesson and --example exclude each other, with an error naming them") {
    AppOptions o;
    QString err;
    CHECK_FALSE(AppOptions::parse({"coroscope", "s.json", "--lesson", "3"}, o, &err));
    CHECK(err.contains(QStringLiteral("--example")));
    CHECK_FALSE(AppOptions::parse({"coroscope", "--lesson", "3", "--example", "22"}, o, &err));
    CHECK_FALSE(AppOptions::parse({"coroscope", "--quit-after", "soon"}, o, &err));
    CHECK(err.contains(QStringLiteral("--quit-after")));
    CHECK_FALSE(AppOptions::parse({"coroscope", "--no-such-option"}, o, &err));
    CHECK(err.contains(QStringLiteral("no-such-option")));
}
