#include "lessons/lesson_file.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "lessons/answer_tokens.h"
#include "lessons/lesson_text.h"
#include "scenario/field_reader.h"
#include "scenario/sax_builder.h"

namespace cs::lessons {

namespace {

using json = nlohmann::json;
using F = FieldReader;

// The largest lesson file read (a lesson is a few kB; its scenario may use
// `generate` rather than list a million tasks).
constexpr std::size_t kMaxLessonBytes = 16u << 20;

// {"en": "...", "zh_CN": "..."}, or a plain string (English).
Texts readTexts(const json* v, const std::string& path) {
    Texts out;
    if (!v) return out;
    if (v->is_string()) {
        out["en"] = v->get<std::string>();
        return out;
    }
    if (!v->is_object()) F::fail(path, "must be an object of texts by language");
    for (auto it = v->begin(); it != v->end(); ++it) out[it.key()] = F::string(it.value(), F::member(path, it.key()));
    return out;
}

// {"en": [...], "zh_CN": [...]}, or a list of strings (English), or a list
// of {"en", "zh_CN"} objects read item by item.
TextLists readLists(const json* v, const std::string& path) {
    TextLists out;
    if (!v) return out;
    if (v->is_object()) {
        for (auto it = v->begin(); it != v->end(); ++it) {
            const std::string at = F::member(path, it.key());
            std::vector<std::string>& items = out[it.key()];
            if (it.value().is_string()) {
                items.push_back(it.value().get<std::string>());
                continue;
            }
            F::expectArray(it.value(), at);
            for (std::size_t i = 0; i < it.value().size(); ++i)
                items.push_back(F::string(it.value()[i], F::element(at, i)));
        }
        return out;
    }
    F::expectArray(*v, path);
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& item = (*v)[i];
        if (item.is_string()) {
            out["en"].push_back(item.get<std::string>());
        } else {
            for (const auto& [lang, text] : readTexts(&item, F::element(path, i))) out[lang].push_back(text);
        }
    }
    return out;
}

bool claimId(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Every placeholder names a claim and a known style.
void checkPlaceholders(const std::string& text, const std::string& path, const std::set<std::string>& ids) {
    for (const LessonText::Placeholder& p : LessonText::placeholders(text)) {
        const std::string written = text.substr(p.begin, p.end - p.begin);
        if (!ids.count(p.id)) F::fail(path, written + " names no claim");
        if (!ClaimValue::knownStyle(p.style)) F::fail(path, written + ": unknown style \"" + p.style + "\" (and)");
    }
}

void checkTexts(const Texts& t, const std::string& path, const std::set<std::string>& ids) {
    for (const auto& [lang, text] : t) checkPlaceholders(text, F::member(path, lang), ids);
}

void checkLists(const TextLists& l, const std::string& path, const std::set<std::string>& ids) {
    for (const auto& [lang, items] : l)
        for (std::size_t i = 0; i < items.size(); ++i) checkPlaceholders(items[i], F::element(F::member(path, lang), i), ids);
}

Texts fillTexts(const Texts& t, const ClaimValues& v) {
    Texts out;
    for (const auto& [lang, text] : t) out[lang] = LessonText::fill(text, lang, v);
    return out;
}

TextLists fillLists(const TextLists& l, const ClaimValues& v) {
    TextLists out;
    for (const auto& [lang, items] : l)
        for (const std::string& s : items) out[lang].push_back(LessonText::fill(s, lang, v));
    return out;
}

// A moment of the run: seconds, or the id of a claim whose value it is.
void readMoment(const json& v, const std::string& path, double& t, std::string& claim) {
    if (v.is_string()) {
        claim = v.get<std::string>();
        if (!claimId(claim)) F::fail(path, "must be >= 0, or the id of a claim");
        return;
    }
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) F::fail(path, "must be >= 0");
    t = v.get<double>();
}

// A moment given as a claim names a claim about the virtual clock.
void checkMoment(const std::string& claim, const std::string& path, const LessonFile& l) {
    if (claim.empty()) return;
    const auto it = std::find_if(l.claims.begin(), l.claims.end(), [&](const LessonClaim& c) { return c.id == claim; });
    if (it == l.claims.end()) F::fail(path, "\"" + claim + "\" names no claim");
    if (it->clock != LessonClaim::Clock::Virtual) F::fail(path, "\"" + claim + "\" is not a claim about the virtual clock");
}

void readPredict(const json& p, LessonFile& l) {
    LessonPredict pr;
    pr.question = readTexts(F::find(p, "question"), "predict.question");
    if (pr.question.empty()) F::fail("predict.question", "missing");
    const json* choices = F::find(p, "choices");
    if (choices && choices->is_array())
        for (std::size_t i = 0; i < choices->size(); ++i)
            pr.choices.push_back(readTexts(&(*choices)[i], F::element("predict.choices", i)));
    if (pr.choices.size() < 2) F::fail("predict.choices", "needs at least two choices");
    const json* answer = F::find(p, "answer");
    if (!answer || !answer->is_number_integer() || answer->get<std::int64_t>() < 0 ||
        answer->get<std::int64_t>() >= static_cast<std::int64_t>(pr.choices.size()))
        F::fail("predict.answer", "must be the index of one of the choices");
    pr.answer = static_cast<int>(answer->get<std::int64_t>());
    if (const json* r = F::find(p, "reveal_at")) readMoment(*r, "predict.reveal_at", pr.revealAt, pr.revealAtClaim);
    pr.answerTokens = readLists(F::find(p, "answer_tokens"), "predict.answer_tokens");
    l.predict = std::move(pr);
}

void readClaims(const json& c, LessonFile& l) {
    F::expectArray(c, "claims");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const std::string at = F::element("claims", i);
        const json& o = c[i];
        F::expectObject(o, at);
        LessonClaim claim;
        claim.id = F::string(F::require(o, "id", at), F::member(at, "id"));
        if (!claimId(claim.id))
            F::fail(F::member(at, "id"), "must be lower case letters, digits and _, starting with a letter");
        if (!ids.insert(claim.id).second) F::fail(F::member(at, "id"), "\"" + claim.id + "\" is used twice");
        claim.query = ClaimQuery::fromJson(F::require(o, "query", at), F::member(at, "query"));
        if (!o.contains("expect")) F::fail(F::member(at, "expect"), "required");
        claim.expect = ClaimValue(o.at("expect"));
        if (const json* clock = F::find(o, "clock")) {
            const std::string& s = F::string(*clock, F::member(at, "clock"));
            if (s == "real")
                claim.clock = LessonClaim::Clock::Real;
            else if (s != "virtual")
                F::fail(F::member(at, "clock"), "must be \"virtual\" or \"real\"");
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != "id" && it.key() != "query" && it.key() != "expect" && it.key() != "clock")
                F::fail(F::member(at, it.key()), "unknown field of a claim");
        l.claims.push_back(std::move(claim));
    }
}

void readDocument(const json& o, LessonFile& l, const ParseOptions& options) {
    if (!o.is_object()) F::fail("", "a lesson must be a JSON object");
    const json* id = F::find(o, "id");
    if (!id || !id->is_string() || id->get<std::string>().empty()) F::fail("id", "missing");
    l.id = id->get<std::string>();
    if (const json* g = F::find(o, "group")) l.group = F::string(*g, "group");
    if (const json* n = F::find(o, "order")) l.order = static_cast<int>(F::integer(*n, "order", 0, 1'000'000));
    l.title = readTexts(F::find(o, "title"), "title");
    if (l.title.empty()) l.title["en"] = l.id;
    l.explanation = readTexts(F::find(o, "explanation"), "explanation");
    l.explanationAfter = readTexts(F::find(o, "explanation_after"), "explanation_after");
    l.notice = readLists(F::find(o, "notice"), "notice");
    l.noticeAfter = readLists(F::find(o, "notice_after"), "notice_after");
    if (const json* e = F::find(o, "expected_outcome"))
        l.expectedOutcome = e->is_string() ? e->get<std::string>() : e->dump();

    if (const json* p = F::find(o, "predict")) {
        if (!p->is_object()) F::fail("predict", "must be an object");
        readPredict(*p, l);
    }
    if (const json* cs = F::find(o, "callouts")) {
        F::expectArray(*cs, "callouts");
        for (std::size_t k = 0; k < cs->size(); ++k) {
            const std::string at = F::element("callouts", k);
            const json& c = (*cs)[k];
            F::expectObject(c, at);
            LessonCallout co;
            const json* t = F::find(c, "t");
            if (!t) F::fail(F::member(at, "t"), "must be >= 0");
            readMoment(*t, F::member(at, "t"), co.t, co.tClaim);
            co.text = readTexts(F::find(c, "text"), F::member(at, "text"));
            if (co.text.empty()) F::fail(F::member(at, "text"), "missing");
            l.callouts.push_back(std::move(co));
        }
        std::stable_sort(l.callouts.begin(), l.callouts.end(),
                         [](const LessonCallout& a, const LessonCallout& b) { return a.t < b.t; });
    }
    if (const json* c = F::find(o, "claims")) readClaims(*c, l);

    std::set<std::string> ids;
    for (const LessonClaim& c : l.claims) ids.insert(c.id);
    if (l.predict) checkMoment(l.predict->revealAtClaim, "predict.reveal_at", l);
    for (std::size_t k = 0; k < l.callouts.size(); ++k)
        checkMoment(l.callouts[k].tClaim, F::member(F::element("callouts", k), "t"), l);
    checkTexts(l.title, "title", ids);
    checkTexts(l.explanation, "explanation", ids);
    checkTexts(l.explanationAfter, "explanation_after", ids);
    checkLists(l.notice, "notice", ids);
    checkLists(l.noticeAfter, "notice_after", ids);
    if (l.predict) {
        checkTexts(l.predict->question, "predict.question", ids);
        for (std::size_t i = 0; i < l.predict->choices.size(); ++i)
            checkTexts(l.predict->choices[i], F::element("predict.choices", i), ids);
        checkLists(l.predict->answerTokens, "predict.answer_tokens", ids);
    }
    for (std::size_t k = 0; k < l.callouts.size(); ++k)
        checkTexts(l.callouts[k].text, F::member(F::element("callouts", k), "text"), ids);

    const json* sv = F::find(o, "scenario");
    if (!sv || !sv->is_object()) F::fail("scenario", "missing");
    LoadResult r = parseScenario(sv->dump(), options);
    if (!r.ok()) F::fail("scenario", r.error ? r.error->what() : std::string("could not be loaded"));
    l.scenario = std::move(*r.scenario);
}

}  // namespace

std::optional<LessonFile> LessonFile::parse(std::string_view text, LoadError* error, const ParseOptions& options) {
    SaxBuilder sax;
    if (!sax.parse(text)) {
        if (error) *error = sax.error().value_or(LoadError{"", "not JSON"});
        return std::nullopt;
    }
    try {
        LessonFile l;
        readDocument(sax.root(), l, options);
        return l;
    } catch (const LoadFailure& f) {
        if (error) *error = f.error;
    }
    return std::nullopt;
}

std::optional<LessonFile> LessonFile::load(const std::string& path, LoadError* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = LoadError{"", path + ": cannot read file"};
        return std::nullopt;
    }
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxLessonBytes) {
            if (error) *error = LoadError{"", path + ": larger than a lesson can be (16 MiB)"};
            return std::nullopt;
        }
    }
    return parse(text, error);
}

std::vector<std::string> LessonFile::languages() const {
    std::set<std::string> langs;
    for (const auto& [lang, _] : title) langs.insert(lang);
    for (const auto& [lang, _] : explanation) langs.insert(lang);
    return {langs.begin(), langs.end()};
}

ClaimValues LessonFile::evaluate(const RunFacts& facts, LessonClaim::Clock clock) const {
    ClaimValues out;
    for (const LessonClaim& c : claims)
        if (c.clock == clock) out[c.id] = c.query.evaluate(facts);
    return out;
}

ClaimValues LessonFile::textValues(const RunFacts& facts) const {
    ClaimValues out = evaluate(facts, LessonClaim::Clock::Virtual);
    for (const LessonClaim& c : claims)
        if (c.clock == LessonClaim::Clock::Real) out[c.id] = c.expect;
    return out;
}

LessonFile LessonFile::filled(const ClaimValues& v) const {
    LessonFile l = *this;
    l.title = fillTexts(title, v);
    l.explanation = fillTexts(explanation, v);
    l.explanationAfter = fillTexts(explanationAfter, v);
    l.notice = fillLists(notice, v);
    l.noticeAfter = fillLists(noticeAfter, v);
    if (predict) {
        l.predict->question = fillTexts(predict->question, v);
        for (Texts& c : l.predict->choices) c = fillTexts(c, v);
        l.predict->answerTokens = fillLists(predict->answerTokens, v);
    }
    // A moment given as a claim takes the claim's value (kept as written
    // when the run has no such number).
    auto moment = [&](const std::string& claim, double& t) {
        if (claim.empty()) return;
        const auto it = v.find(claim);
        if (it != v.end() && it->second.value().is_number()) t = it->second.value().get<double>();
    };
    if (l.predict) moment(l.predict->revealAtClaim, l.predict->revealAt);
    for (LessonCallout& c : l.callouts) {
        c.text = fillTexts(c.text, v);
        moment(c.tClaim, c.t);
    }
    std::stable_sort(l.callouts.begin(), l.callouts.end(),
                     [](const LessonCallout& a, const LessonCallout& b) { return a.t < b.t; });
    return l;
}

std::string LessonFile::pick(const Texts& texts, const std::string& lang) {
    const auto it = texts.find(lang);
    return it == texts.end() ? std::string() : it->second;
}

std::vector<ShownText> LessonFile::shownBeforeReveal(const std::string& lang) const {
    std::vector<ShownText> out;
    auto add = [&](std::string where, std::string text) {
        if (!text.empty()) out.push_back({std::move(where), std::move(text)});
    };
    add("title", pick(title, lang));
    add("explanation", pick(explanation, lang));
    if (const auto n = notice.find(lang); n != notice.end())
        for (std::size_t i = 0; i < n->second.size(); ++i) add("notice[" + std::to_string(i) + "]", n->second[i]);
    if (predict) {
        add("predict.question", pick(predict->question, lang));
    } else {
        add("explanation_after", pick(explanationAfter, lang));
        if (const auto n = noticeAfter.find(lang); n != noticeAfter.end())
            for (std::size_t i = 0; i < n->second.size(); ++i)
                add("notice_after[" + std::to_string(i) + "]", n->second[i]);
    }
    // A callout is on screen once the run reaches its time; one at or after
    // reveal_at appears with the answer.
    for (std::size_t k = 0; k < callouts.size(); ++k)
        if (!predict || callouts[k].t < predict->revealAt)
            add("callouts[" + std::to_string(k) + "]", pick(callouts[k].text, lang));
    return out;
}

std::vector<Spoiler> LessonFile::spoilers() const {
    std::vector<Spoiler> out;
    if (!predict) return out;
    for (const auto& [lang, tokens] : predict->answerTokens)
        for (const ShownText& s : shownBeforeReveal(lang))
            for (const std::string& token : AnswerTokens::foundIn(s.text, tokens)) out.push_back({lang, s.where, token});
    return out;
}

}  // namespace cs::lessons
