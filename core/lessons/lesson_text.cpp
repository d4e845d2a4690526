#include "lessons/lesson_text.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace cs::lessons {

namespace {
bool idStart(char c) { return c >= 'a' && c <= 'z'; }
bool idChar(char c) { return idStart(c) || (c >= '0' && c <= '9') || c == '_'; }

// Whether the line starting at `pos` opens or closes a fence: up to three
// spaces, then ``` (CommonMark).
bool fenceLine(std::string_view s, std::size_t pos) {
    std::size_t i = pos;
    while (i < s.size() && i - pos < 3 && s[i] == ' ') ++i;
    return s.substr(i, 3) == "```";
}
}  // namespace

// Linear in the text's length, whatever it holds (a lesson file may be
// anything): fences are found line by line, then the backtick runs of each
// stretch between fences are paired through per-length queues (a run of n
// backticks opens a span closed by the next run of exactly n).
std::vector<LessonText::Span> LessonText::codeSpans(std::string_view s) {
    std::vector<Span> out;
    auto inlineSpans = [&](std::size_t from, std::size_t to) {
        struct Run {
            std::size_t pos, len;
        };
        std::vector<Run> runs;
        for (std::size_t i = from; i < to;) {
            if (s[i] != '`') {
                ++i;
                continue;
            }
            std::size_t n = 0;
            while (i + n < to && s[i + n] == '`') ++n;
            runs.push_back({i, n});
            i += n;
        }
        std::map<std::size_t, std::vector<std::size_t>> byLength;  // run indices, ascending
        for (std::size_t k = 0; k < runs.size(); ++k) byLength[runs[k].len].push_back(k);
        std::map<std::size_t, std::size_t> next;  // per length: the first index not yet passed
        for (std::size_t k = 0; k < runs.size(); ++k) {
            const std::vector<std::size_t>& same = byLength[runs[k].len];
            std::size_t& c = next[runs[k].len];
            while (c < same.size() && same[c] <= k) ++c;
            if (c == same.size()) continue;  // unmatched: plain text
            const std::size_t j = same[c];
            out.push_back({runs[k].pos, runs[j].pos + runs[j].len});
            k = j;  // runs inside the span are code
        }
    };
    std::size_t region = 0;  // start of the stretch since the last fence
    std::size_t line = 0;
    while (line < s.size()) {
        std::size_t eol = s.find('\n', line);
        if (eol == std::string_view::npos) eol = s.size();
        if (!fenceLine(s, line)) {
            line = eol + 1;
            continue;
        }
        // A fenced block runs to the end of its closing fence line (or of the text).
        inlineSpans(region, line);
        std::size_t end = s.size();
        for (std::size_t next = eol + 1; next < s.size();) {
            std::size_t e = s.find('\n', next);
            if (e == std::string_view::npos) e = s.size();
            if (fenceLine(s, next)) {
                end = e;
                break;
            }
            next = e + 1;
        }
        out.push_back({line, end});
        region = line = end;
        if (line < s.size()) ++line, ++region;  // past the closing line's newline
    }
    inlineSpans(region, s.size());
    std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    return out;
}

std::vector<LessonText::Placeholder> LessonText::placeholders(std::string_view s) {
    std::vector<Placeholder> out;
    const std::vector<Span> code = codeSpans(s);
    std::size_t k = 0;  // next code span
    for (std::size_t i = 0; i < s.size(); ++i) {
        while (k < code.size() && code[k].end <= i) ++k;
        if (k < code.size() && code[k].begin <= i) {
            i = code[k].end - 1;
            continue;
        }
        if (s[i] != '{' || i + 1 >= s.size() || !idStart(s[i + 1])) continue;
        std::size_t j = i + 1;
        while (j < s.size() && idChar(s[j])) ++j;
        Placeholder p{i, 0, std::string(s.substr(i + 1, j - i - 1)), {}};
        if (j < s.size() && s[j] == ':') {
            const std::size_t st = ++j;
            while (j < s.size() && std::islower(static_cast<unsigned char>(s[j]))) ++j;
            p.style = std::string(s.substr(st, j - st));
        }
        if (j < s.size() && s[j] == '}') {
            p.end = j + 1;
            out.push_back(std::move(p));
            i = j;
        }
    }
    return out;
}

std::string LessonText::fill(std::string_view s, std::string_view lang, const ClaimValues& values) {
    std::string out;
    std::size_t at = 0;
    for (const Placeholder& p : placeholders(s)) {
        const auto v = values.find(p.id);
        if (v == values.end()) continue;
        out.append(s.substr(at, p.begin - at));
        out += v->second.format(lang, p.style);
        at = p.end;
    }
    out.append(s.substr(at));
    return out;
}

std::string LessonText::prose(std::string_view s) {
    std::string out;
    std::size_t at = 0;
    for (const Span& c : codeSpans(s)) {
        out.append(s.substr(at, c.begin - at));
        out += ' ';
        at = c.end;
    }
    out.append(s.substr(at));
    return out;
}

}  // namespace cs::lessons
