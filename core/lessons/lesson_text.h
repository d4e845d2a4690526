#pragma once
// The Markdown of a lesson's texts as the claims see it: placeholders and
// code. A placeholder `{id}` or `{id:style}` (id: a claim's id, lower case,
// digits and _; style: ClaimValue::knownStyle) stands for the claim's value
// in the run, formatted for the text's language. Code (fenced ``` blocks and
// `inline` spans) is the program, copied verbatim: it holds no placeholders
// (Python's {x} stays a set) and the answer-token check does not read it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/claim_value.h"

namespace cs::lessons {

class LessonText {
public:
    struct Placeholder {
        std::size_t begin = 0;  // byte offsets of "{" and one past "}"
        std::size_t end = 0;
        std::string id;
        std::string style;
    };

    // The placeholders outside code, in order.
    static std::vector<Placeholder> placeholders(std::string_view markdown);
    // Each placeholder whose id has a value replaced by ClaimValue::format(lang,
    // style); others are left as they are.
    static std::string fill(std::string_view markdown, std::string_view lang, const ClaimValues& values);
    // The text with every code block and span replaced by one space.
    static std::string prose(std::string_view markdown);

private:
    struct Span {
        std::size_t begin;
        std::size_t end;
    };
    // Code regions (fences and inline spans), in order, not overlapping.
    static std::vector<Span> codeSpans(std::string_view markdown);
};

}  // namespace cs::lessons
