// LessonFile: fields validated with errors naming them, claims checked and
// filled into the texts from a run, and the answer looked for in what is
// shown before the reveal.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lessons/answer_tokens.h"
#include "lessons/lesson_file.h"
#include "lessons/lesson_run.h"
#include "lessons/lesson_text.h"

using cs::lessons::AnswerTokens;
using cs::lessons::ClaimValue;
using cs::lessons::LessonClaim;
using cs::lessons::LessonFile;
using cs::lessons::LessonText;

namespace {
// Three jobs of 0.5, 2.0 and 0.5 s under gather: 2.0 s in all.
const char* kScenario = R"("scenario": {"format": "coroscope-scenario/1",
    "tasks": [{"steps": [{"io": 0.5}]}, {"steps": [{"io": 2.0}]}, {"steps": [{"io": 0.5}]}]})";

std::string lesson(const std::string& fields) { return "{\"id\": \"x\", " + fields + ", " + kScenario + "}"; }

std::string error(const std::string& text) {
    cs::LoadError err;
    return LessonFile::parse(text, &err) ? std::string() : err.what();
}

const char* kQuestion = R"("explanation": {"en": "Three jobs run together; task {last} ends last.",
                                           "zh_CN": "三个任务一起运行；任务 {last} 最后结束。"},
    "explanation_after": {"en": "They take **{total} s**: the longest job.", "zh_CN": "共用 **{total} 秒**。"},
    "notice": {"en": ["Watch the caller's lane."], "zh_CN": ["看调用者那一行。"]},
    "notice_after": {"en": ["Done at {ends:and} s."], "zh_CN": ["在 {ends} 秒完成。"]},
    "predict": {"question": {"en": "How long in total?", "zh_CN": "总共多久？"},
                "choices": [{"en": "3.0 s", "zh_CN": "3.0 秒"}, {"en": "{total} s", "zh_CN": "{total} 秒"}],
                "answer": 1, "reveal_at": 2.0,
                "answer_tokens": {"en": ["{total}"], "zh_CN": ["{total}"]}},
    "callouts": [{"t": 2.0, "text": {"en": "All {n} are done.", "zh_CN": "{n} 个都完成了。"}},
                 {"t": 0.5, "text": {"en": "Two are done.", "zh_CN": "两个完成了。"}}],
    "claims": [{"id": "total", "query": {"end_time": {}}, "expect": 2.0},
               {"id": "last", "query": {"time": {"task": 1, "ev": "done"}}, "expect": 2.0},
               {"id": "ends", "query": {"tasks": {"ev": "done", "t": 0.5}}, "expect": [0, 2]},
               {"id": "n", "query": {"count": {"ev": "done"}}, "expect": 3},
               {"id": "real", "query": {"order": {"ev": "done"}}, "expect": [0, 2, 1], "clock": "real"}])";
}  // namespace

TEST_CASE("a lesson's fields are validated with errors naming them") {
    CHECK(error("{").rfind("not JSON", 0) == 0);
    CHECK(error("[]") == "a lesson must be a JSON object");
    CHECK(error(R"({"scenario": {}})") == "id: missing");
    CHECK(error(R"({"id": "x"})") == "scenario: missing");
    CHECK(error(R"({"id": "x", "scenario": {"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": -1}]}]}})")
              .rfind("scenario: tasks[0].steps[0].io", 0) == 0);
    CHECK(error(lesson(R"("predict": {"question": "?", "choices": ["a", "b"], "answer": 2})")) ==
          "predict.answer: must be the index of one of the choices");
    CHECK(error(lesson(R"("predict": {"question": "?", "choices": ["a"], "answer": 0})")) ==
          "predict.choices: needs at least two choices");
    CHECK(error(lesson(R"("predict": 3)")) == "predict: must be an object");
    CHECK(error(lesson(R"("callouts": [{"t": -1, "text": "a"}])")) == "callouts[0].t: must be >= 0");
    CHECK(error(lesson(R"("callouts": [{"t": 1}])")) == "callouts[0].text: missing");
    CHECK(error(lesson(R"("explanation": {"en": "It takes {total} s."})")) == "explanation.en: {total} names no claim");
    CHECK(error(lesson(R"("claims": [{"id": "t", "query": {"end_time": {}}, "expect": 2.0}],
                          "notice": {"zh_CN": ["{t:or}"]})")) == "notice.zh_CN[0]: {t:or}: unknown style \"or\" (and)");
    CHECK(error(lesson(R"("claims": [{"id": "Total", "query": {"end_time": {}}, "expect": 2.0}])"))
              .rfind("claims[0].id: must be lower case", 0) == 0);
    CHECK(error(lesson(R"("claims": [{"id": "t", "query": {"end_time": {}}, "expect": 1},
                                     {"id": "t", "query": {"outcome": {}}, "expect": "ok"}])")) ==
          "claims[1].id: \"t\" is used twice");
    CHECK(error(lesson(R"("claims": [{"id": "t", "query": {"end_time": {}}}])")) == "claims[0].expect: required");
    CHECK(error(lesson(R"("claims": [{"id": "t", "query": {"end_time": {}}, "expect": 1, "clock": "wall"}])")) ==
          "claims[0].clock: must be \"virtual\" or \"real\"");
    CHECK(error(lesson(R"("claims": [{"id": "t", "query": {"nope": {}}, "expect": 1}])"))
              .rfind("claims[0].query: unknown query \"nope\"", 0) == 0);
    // Placeholders in code are Python, not claims.
    CHECK(error(lesson(R"("explanation": "`{x for x in y}`")")).empty());
    CHECK(error(lesson(kQuestion)).empty());
}

TEST_CASE("claims are checked against the engine's run and filled into every text") {
    const auto l = LessonFile::parse(lesson(kQuestion));
    REQUIRE(l);
    CHECK(l->callouts.front().t == 0.5);  // sorted by time
    const cs::lessons::LessonRun run(l->scenario);
    const auto values = l->evaluate(run.facts(), LessonClaim::Clock::Virtual);
    REQUIRE(values.size() == 4);
    for (const LessonClaim& c : l->claims) {
        if (c.clock != LessonClaim::Clock::Virtual) continue;
        INFO(c.id << " = " << values.at(c.id).toString());
        CHECK(values.at(c.id).matches(c.expect));
    }
    // The texts show the virtual claims' values and the real-time claims' expected ones.
    const LessonFile f = l->filled(l->textValues(run.facts()));
    CHECK(f.explanationAfter.at("en") == "They take **2.0 s**: the longest job.");
    CHECK(f.noticeAfter.at("en").front() == "Done at 0 and 2 s.");
    CHECK(f.noticeAfter.at("zh_CN").front() == "在 0、2 秒完成。");
    CHECK(f.predict->choices[1].at("zh_CN") == "2.0 秒");
    CHECK(f.callouts.back().text.at("en") == "All 3 are done.");
    CHECK(f.predict->answerTokens.at("en") == std::vector<std::string>{"2.0"});
    CHECK(l->textValues(run.facts()).at("real").toString() == "[0, 2, 1]");
}

TEST_CASE("the answer must not show before the reveal, in any language") {
    auto l = LessonFile::parse(lesson(kQuestion));
    REQUIRE(l);
    const cs::lessons::LessonRun run(l->scenario);
    // Task 1 ends at 2.0 s: the explanation shown while the question waits
    // says so, in both languages, and that is the answer.
    auto spoilers = l->filled(l->textValues(run.facts())).spoilers();
    REQUIRE(spoilers.size() == 2);
    CHECK(spoilers[0].where == "explanation");
    CHECK(spoilers[0].token == "2.0");
    // Said after the reveal instead, and the callout at reveal_at: nothing early.
    l->explanation = {{"en", "Three jobs run together."}, {"zh_CN", "三个任务一起运行。"}};
    CHECK(l->filled(l->textValues(run.facts())).spoilers().empty());
    // A callout before reveal_at is on screen early.
    l->callouts.front().text["en"] = "The total is {total} s.";
    spoilers = l->filled(l->textValues(run.facts())).spoilers();
    REQUIRE(spoilers.size() == 1);
    CHECK(spoilers[0].where == "callouts[0]");
    CHECK(spoilers[0].lang == "en");
    // The choices carry the answer, and that is fine.
    const auto shown = l->shownBeforeReveal("en");
    for (const auto& s : shown) CHECK(s.where.rfind("predict.choices", 0) == std::string::npos);
}

TEST_CASE("any bytes give a lesson or an error naming where, never a crash") {
    // Bundled lessons, mutated: bytes flipped, inserted and cut (a fixed
    // seed, so a failure reproduces). Run under ASan in the sanitizer tree.
    std::vector<std::string> seeds;
    for (const char* id : {"chunked-gather", "equal-sleeps-heap-order", "aimd-finds-capacity", "lost-update"}) {
        std::ifstream in(std::string(COROSCOPE_SOURCE_DIR) + "/resources/lessons/" + id + ".json");
        REQUIRE(in);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        REQUIRE(LessonFile::parse(seeds.back()));
    }
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const std::string alphabet = "{}[]\":,`\\ 0123456789.-eE{total}ntruefalsenull\n";
    std::size_t parsed = 0;
    for (int k = 0; k < 3000; ++k) {
        std::string s = seeds[next() % seeds.size()];
        for (int m = 1 + static_cast<int>(next() % 4); m > 0 && !s.empty(); --m) {
            const std::size_t at = next() % s.size();
            switch (next() % 3) {
                case 0: s[at] = alphabet[next() % alphabet.size()]; break;
                case 1: s.insert(at, 1, alphabet[next() % alphabet.size()]); break;
                default: s.erase(at, 1 + next() % 8); break;
            }
        }
        cs::LoadError err;
        const auto l = LessonFile::parse(s, &err);
        if (l) {
            ++parsed;
            // What the app does with a lesson that loads: fill its texts, look for spoilers.
            const cs::lessons::LessonRun run(l->scenario);
            CHECK_NOTHROW(l->filled(l->textValues(run.facts())).spoilers());
        } else {
            CHECK_FALSE(err.message.empty());
        }
    }
    CHECK(parsed > 0);
    // Pathological texts: a megabyte of backticks and braces, deep nesting.
    const std::string ticks(1 << 20, '`');
    CHECK(LessonText::placeholders("a" + ticks + "{x}").size() == 1);  // one unmatched run: plain text ("a": not a fence)
    std::string mixed;
    for (int i = 0; i < 200000; ++i) mixed += (i % 3 == 0) ? "`` {a} " : (i % 3 == 1 ? "```\n" : "` {b:and}");
    CHECK_NOTHROW(LessonText::prose(mixed));
    CHECK_NOTHROW(AnswerTokens::foundIn(mixed, {"a", "{b:and}"}));
    cs::LoadError err;
    CHECK_FALSE(LessonFile::parse(std::string(100000, '['), &err));
    CHECK_FALSE(err.message.empty());
}
