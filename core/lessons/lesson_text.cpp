#include "lessons/lesson_text.h"

#include <cctype>

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

std::vector<LessonText::Span> LessonText::codeSpans(std::string_view s) {
    std::vector<Span> out;
    std::size_t i = 0;
    bool lineStart = true;
    while (i < s.size()) {
        if (lineStart && fenceLine(s, i)) {
            // A fenced block runs to the end of its closing fence line (or of the text).
            const std::size_t begin = i;
            std::size_t line = s.find('\n', i);
            std::size_t end = s.size();
            while (line != std::string_view::npos) {
                const std::size_t next = line + 1;
                if (next < s.size() && fenceLine(s, next)) {
                    const std::size_t close = s.find('\n', next);
                    end = close == std::string_view::npos ? s.size() : close;
                    break;
                }
                line = s.find('\n', next);
            }
            out.push_back({begin, end});
            i = end;
            lineStart = false;
            continue;
        }
        if (s[i] == '`') {
            // An inline span: a run of n backticks up to the next run of exactly n.
            std::size_t n = 0;
            while (i + n < s.size() && s[i + n] == '`') ++n;
            std::size_t j = i + n;
            std::size_t close = std::string_view::npos;
            while (j < s.size()) {
                if (s[j] != '`') {
                    ++j;
                    continue;
                }
                std::size_t m = 0;
                while (j + m < s.size() && s[j + m] == '`') ++m;
                if (m == n) {
                    close = j + m;
                    break;
                }
                j += m;
            }
            if (close != std::string_view::npos) {
                out.push_back({i, close});
                i = close;
            } else {
                i += n;  // an unmatched run is plain text
            }
            lineStart = false;
            continue;
        }
        lineStart = s[i] == '\n';
        ++i;
    }
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
