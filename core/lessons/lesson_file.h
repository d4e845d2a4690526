#pragma once
// One lesson file (resources/lessons/ID.json, format in the README there),
// read without Qt: the CLI checks its claims, the app shows it. Texts are
// kept per language as written; filled() puts the claims' values in.
//
// What is shown when (the app's lesson view and presentation mode): a lesson
// with a question shows its title, explanation, notice points and question
// (and the callouts before reveal_at, on the timeline) while the question
// waits and the run plays; explanation_after and notice_after appear with
// the answer, at reveal_at. A lesson without a question shows everything at
// once. shownBeforeReveal() lists the first part; spoilers() looks for the
// answer's tokens in it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/claim_query.h"
#include "lessons/claim_value.h"
#include "lessons/run_facts.h"
#include "model/scenario.h"
#include "scenario/loader.h"

namespace cs::lessons {

using Texts = std::map<std::string, std::string>;                   // language -> text
using TextLists = std::map<std::string, std::vector<std::string>>;  // language -> items

struct LessonCallout {
    double t = 0.0;      // virtual seconds
    std::string tClaim;  // "t": "id" in the file: t is that claim's value in the run (set by filled())
    Texts text;
};

struct LessonPredict {
    Texts question;
    std::vector<Texts> choices;
    int answer = 0;          // index into choices
    double revealAt = 0.0;   // virtual seconds: when the run shows the answer
    std::string revealAtClaim;  // "reveal_at": "id": that claim's value in the run (set by filled())
    TextLists answerTokens;  // what the answer looks like written out, per language
};

struct LessonClaim {
    // Which run the claim is about: the scenario on the virtual clock (the
    // engine, or its generated program run by CPython with --trace), or the
    // generated program run in real time under the Python tracer (checked by
    // a test on the machine; the app shows the expected value).
    enum class Clock { Virtual, Real };
    std::string id;
    ClaimQuery query;
    ClaimValue expect;
    Clock clock = Clock::Virtual;
};

// A text the user sees, and where it comes from ("explanation", "notice[1]").
struct ShownText {
    std::string where;
    std::string text;
};

// An answer token found where the answer must not be shown yet.
struct Spoiler {
    std::string lang;
    std::string where;
    std::string token;
};

class LessonFile {
public:
    // Parses and validates; on error nullopt and *error names the field
    // ("predict.answer: must be the index of one of the choices",
    // "scenario: tasks[3].steps[0].io: must be >= 0",
    // "explanation.en: {total} names no claim").
    // `options` caps the scenario's size (a fuzzer's lower caps).
    static std::optional<LessonFile> parse(std::string_view json, LoadError* error = nullptr,
                                           const ParseOptions& options = {});
    static std::optional<LessonFile> load(const std::string& path, LoadError* error = nullptr);

    std::string id;
    std::string group;
    int order = 0;
    Texts title;
    Texts explanation;       // Markdown
    Texts explanationAfter;  // Markdown, shown with the answer
    TextLists notice;
    TextLists noticeAfter;
    std::optional<LessonPredict> predict;
    std::vector<LessonCallout> callouts;  // sorted by t
    std::vector<LessonClaim> claims;
    std::string expectedOutcome;  // as written ("ok", "deadlock", ...), may be empty
    Scenario scenario;

    // Every language any text is written in.
    std::vector<std::string> languages() const;

    // The values of the claims about `clock`'s run, found in `facts`.
    ClaimValues evaluate(const RunFacts& facts, LessonClaim::Clock clock) const;
    // What the texts show: the virtual claims from `facts`, the real-time
    // ones as expected (the app cannot run them; a test checks them).
    ClaimValues textValues(const RunFacts& facts) const;
    // A copy with every placeholder of every text (answer tokens included)
    // replaced by its value, formatted for the text's language, and the
    // times given as claims (callouts' t, reveal_at) set to their values.
    LessonFile filled(const ClaimValues& values) const;

    // What the app shows in `lang` before the answer is revealed (everything,
    // for a lesson without a question).
    std::vector<ShownText> shownBeforeReveal(const std::string& lang) const;
    // The answer tokens found in shownBeforeReveal, in every language of the
    // answer tokens. Run it on a filled() lesson.
    std::vector<Spoiler> spoilers() const;

private:
    static std::string pick(const Texts& texts, const std::string& lang);
};

}  // namespace cs::lessons
