#pragma once
// Finds a question's answer in a text that must not give it away. A token is
// what the answer looks like written out ("4.5", "0, 2, 5, 6, 4, 1, 3",
// "ExceptionGroup", "hangs"); it is found in the prose of a Markdown text
// (code excluded: the program is not a statement of its outcome) as a whole:
//   - ASCII letters compare without case;
//   - emphasis (*) is ignored, runs of white space are one space, and list
//     separators are one: "、" and "，" read as ", " (so "0、2、5" is "0, 2, 5");
//   - the characters around a match must not continue it: no letter, digit
//     or _ on either side, and no "." that joins digits ("4.5" is not in
//     "14.5", "4.55" or "0.45"; "1" is not in "0.1" nor in "1.0").
#include <string>
#include <string_view>
#include <vector>

namespace cs::lessons {

class AnswerTokens {
public:
    // The tokens found in `markdown`, each once, in the order of `tokens`.
    static std::vector<std::string> foundIn(std::string_view markdown, const std::vector<std::string>& tokens);
    // The normalised form both sides are compared in.
    static std::string normalise(std::string_view text);
};

}  // namespace cs::lessons
