#include "claims_command.h"

#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "exit_status.h"
#include "export/trace_file.h"
#include "lessons/lesson_file.h"
#include "lessons/lesson_run.h"
#include "lessons/trace_store_facts.h"

namespace cs::cli {

namespace {

constexpr int kExitClaimsFail = 3;

using lessons::LessonClaim;
using lessons::LessonFile;


// Where the facts come from: a trace file, or the engine's run of the lesson.
struct Run {
    std::unique_ptr<TraceFile> trace;
    std::unique_ptr<lessons::LessonRun> engine;
    std::unique_ptr<lessons::TraceStoreFacts> traceFacts;
    const lessons::RunFacts& facts() const { return engine ? engine->facts() : *traceFacts; }
};

void printText(std::ostream& out, const lessons::Texts& t, const std::string& lang) {
    const auto it = t.find(lang);
    if (it != t.end() && !it->second.empty()) out << it->second << "\n\n";
}

void printList(std::ostream& out, const lessons::TextLists& l, const std::string& lang, const char* heading) {
    const auto it = l.find(lang);
    if (it == l.end() || it->second.empty()) return;
    out << heading << "\n";
    for (const std::string& s : it->second) out << "- " << s << "\n";
    out << "\n";
}

// The lesson as the app shows it in `lang`: first what is on screen while the
// question waits, then what the answer reveals.
void show(std::ostream& out, const LessonFile& l, const std::string& lang) {
    out << "# ";
    printText(out, l.title, lang);
    printText(out, l.explanation, lang);
    printList(out, l.notice, lang, "What to notice:");
    if (l.predict) {
        out << "Question: ";
        printText(out, l.predict->question, lang);
        for (std::size_t k = 0; k < l.predict->choices.size(); ++k) {
            const auto it = l.predict->choices[k].find(lang);
            out << "  [" << k << "] " << (it == l.predict->choices[k].end() ? "" : it->second) << "\n";
        }
        out << "\n--- revealed at " << lessons::ClaimValue::formatSeconds(l.predict->revealAt) << " s (answer ["
            << l.predict->answer << "]) ---\n\n";
    }
    printText(out, l.explanationAfter, lang);
    printList(out, l.noticeAfter, lang, "What happened:");
    for (const lessons::LessonCallout& c : l.callouts) {
        const auto it = c.text.find(lang);
        out << "callout at " << lessons::ClaimValue::formatSeconds(c.t)
            << " s: " << (it == c.text.end() ? "" : it->second) << "\n";
    }
}

}  // namespace

int ClaimsCommand::run(const ClaimsArgs& args) {
    LoadError err;
    std::optional<LessonFile> lesson = LessonFile::load(args.file, &err);
    if (!lesson) {
        // Whole-file errors already name the file.
        return badInput(err.path.empty() && err.message.rfind(args.file, 0) == 0 ? err.message
                                                                                  : args.file + ": " + err.what());
    }
    const bool real = args.clock == "real";
    if (real && args.tracePath.empty()) return badInput("--clock real: needs --trace, a trace of the program run in real time");

    Run run;
    if (!args.tracePath.empty()) {
        run.trace = std::make_unique<TraceFile>();
        if (!run.trace->load(args.tracePath)) {
            const TraceReadError e = run.trace->error().value_or(TraceReadError{0, "cannot be read"});
            return badInput(e.line == 0 ? e.message : args.tracePath + ": " + e.what());
        }
        run.traceFacts = std::make_unique<lessons::TraceStoreFacts>(run.trace->store());
    } else {
        run.engine = std::make_unique<lessons::LessonRun>(lesson->scenario);
    }
    const lessons::RunFacts& facts = run.facts();
    const LessonClaim::Clock clock = real ? LessonClaim::Clock::Real : LessonClaim::Clock::Virtual;
    const lessons::ClaimValues values = lesson->evaluate(facts, clock);

    bool ok = true;
    nlohmann::json claims = nlohmann::json::array();
    for (const LessonClaim& c : lesson->claims) {
        if (c.clock != clock) continue;
        const lessons::ClaimValue& v = values.at(c.id);
        const bool holds = v.matches(c.expect);
        ok = ok && holds;
        nlohmann::json text = nlohmann::json::object();
        for (const std::string& lang : lesson->languages()) text[lang] = v.format(lang);
        claims.push_back({{"id", c.id}, {"value", v.value()}, {"expect", c.expect.value()}, {"ok", holds},
                          {"text", text}});
        if (!args.json)
            std::cout << (holds ? "ok    " : "FAIL  ") << c.id << " = " << v.toString()
                      << (holds ? "" : ", expected " + c.expect.toString()) << '\n';
    }

    // What the app would show: the texts filled from this run. The spoiler
    // check is about the virtual run the app plays.
    const LessonFile filled = lesson->filled(real ? lesson->textValues(lessons::LessonRun(lesson->scenario).facts())
                                                  : lesson->textValues(facts));
    nlohmann::json spoilers = nlohmann::json::array();
    if (!real) {
        for (const lessons::Spoiler& s : filled.spoilers()) {
            ok = false;
            spoilers.push_back({{"lang", s.lang}, {"where", s.where}, {"token", s.token}});
            if (!args.json)
                std::cout << "SPOIL " << s.lang << " " << s.where << " shows \"" << s.token
                          << "\" before the answer is revealed\n";
        }
    }
    if (args.json) {
        std::cout << nlohmann::json{{"lesson", lesson->id}, {"clock", args.clock}, {"claims", claims},
                                    {"spoilers", spoilers}, {"ok", ok}}
                         .dump()
                  << '\n';
    } else if (claims.empty()) {
        std::cout << "no claims about the " << args.clock << " clock\n";
    }
    if (!args.showLang.empty()) show(args.json ? std::cerr : std::cout, filled, args.showLang);
    std::cout.flush();
    return ok ? kExitOk : kExitClaimsFail;
}

}  // namespace cs::cli
