// The "i18n" format extension: a scenario's title and description in other
// languages, read, checked, written back, and picked by language.
#include <catch2/catch.hpp>

#include "scenario/loader.h"

namespace {
const char* kDoc = R"({"format": "coroscope-scenario/1", "title": "Ten downloads", "description": "Why.",
  "i18n": {"zh_CN": {"title": "十个下载", "description": "为什么。"}, "de": {"title": "Zehn Downloads"}},
  "tasks": [{"steps": [{"io": 1.0}]}]})";

std::string error(const std::string& i18n) {
    const auto r = cs::parseScenario(R"({"format": "coroscope-scenario/1", "i18n": )" + i18n +
                                     R"(, "tasks": [{"steps": [{"io": 1.0}]}]})");
    return r.ok() ? std::string() : r.error->what();
}
}  // namespace

TEST_CASE("a scenario's translated title and description are picked by language, the spec's otherwise") {
    const auto r = cs::parseScenario(kDoc);
    REQUIRE(r.ok());
    const cs::Scenario& s = *r.scenario;
    CHECK(s.titleIn("zh_CN") == "十个下载");
    CHECK(s.titleIn("zh-CN") == "十个下载");
    CHECK(s.titleIn("zh") == "十个下载");
    CHECK(s.titleIn("zh_TW") == "十个下载");
    CHECK(s.descriptionIn("zh_CN") == "为什么。");
    CHECK(s.titleIn("de_AT") == "Zehn Downloads");
    CHECK(s.descriptionIn("de") == "Why.");  // not translated: the spec's own
    CHECK(s.titleIn("en") == "Ten downloads");
    CHECK(s.titleIn("fr") == "Ten downloads");
}

TEST_CASE("i18n survives the writer and a bad one names its field") {
    const auto r = cs::parseScenario(kDoc);
    REQUIRE(r.ok());
    const auto again = cs::parseScenario(cs::toJson(*r.scenario));
    REQUIRE(again.ok());
    CHECK(*again.scenario == *r.scenario);
    CHECK(error("3").rfind("i18n: must be an object", 0) == 0);
    CHECK(error(R"({"zh_CN": "十个"})").rfind("i18n.zh_CN: must be an object", 0) == 0);
    CHECK(error(R"({"zh_CN": {"title": 3}})").rfind("i18n.zh_CN.title: must be a string", 0) == 0);
    CHECK(error(R"({"": {"title": "x"}})") == "i18n: a language code must not be empty");
    CHECK(error(R"({"zh_CN": {"title": null}})").empty());
}
