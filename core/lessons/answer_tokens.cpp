#include "lessons/answer_tokens.h"

#include <cctype>

#include "lessons/lesson_text.h"

namespace cs::lessons {

namespace {
bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// Whether the match [b, e) of `s` stands alone.
bool standsAlone(const std::string& s, std::size_t b, std::size_t e) {
    if (b > 0) {
        const char p = s[b - 1];
        if (wordChar(p) && wordChar(s[b])) return false;
        if (p == '.' && b >= 2 && digit(s[b - 2]) && digit(s[b])) return false;
    }
    if (e < s.size()) {
        const char n = s[e];
        if (wordChar(n) && wordChar(s[e - 1])) return false;
        if (n == '.' && e + 1 < s.size() && digit(s[e + 1]) && digit(s[e - 1])) return false;
    }
    return true;
}
}  // namespace

std::string AnswerTokens::normalise(std::string_view text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        // "、" (U+3001) and "，" (U+FF0C) separate list items like ", ".
        if (text.substr(i, 3) == "、" || text.substr(i, 3) == "，") {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += ',';
            space = true;
            i += 2;
            continue;
        }
        const char c = text[i];
        if (c == '*') continue;
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::vector<std::string> AnswerTokens::foundIn(std::string_view markdown, const std::vector<std::string>& tokens) {
    const std::string text = normalise(LessonText::prose(markdown));
    std::vector<std::string> found;
    for (const std::string& token : tokens) {
        const std::string t = normalise(token);
        if (t.empty()) continue;
        for (std::size_t at = text.find(t); at != std::string::npos; at = text.find(t, at + 1)) {
            if (standsAlone(text, at, at + t.size())) {
                found.push_back(token);
                break;
            }
        }
    }
    return found;
}

}  // namespace cs::lessons
