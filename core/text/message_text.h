#pragma once
// File content copied into an error message, made safe to print: a message
// is one line of valid UTF-8 whatever bytes the file held, so that a
// terminal, a log or a Qt dialog shows what the file says rather than
// mojibake or raw control codes (issue 13, item 7).
//
//   printable("bad \xff byte")  ->  bad \xff byte      (the four characters \ x f f)
//   quoted("ab\"c")             ->  "ab\"c"            (JSON string syntax, capped)
#include <cstddef>
#include <string>
#include <string_view>

namespace cs {

class MessageText {
public:
    // Valid UTF-8 passes through; each byte of an invalid sequence, and each
    // control character (C0, DEL) other than a tab, becomes \xNN. Applying it
    // twice changes nothing (its output is valid UTF-8 without controls).
    static std::string printable(std::string_view s);

    // A value quoted as a JSON string (so the reader sees where it starts and
    // ends), with bytes that are not valid UTF-8 as \xNN, cut after
    // maxBytes bytes (at a character boundary) with "..." before the
    // closing quote: "a long name...".
    static std::string quoted(std::string_view s, std::size_t maxBytes = 40);

    // Why a file holds a NUL byte, as a hint to append to the message that
    // says so: " (UTF-16 text? save it as UTF-8)" when `text` (the file's
    // start) opens with a UTF-16 byte order mark or alternates NULs with
    // ASCII, else " (a binary file?)".
    static std::string encodingHint(std::string_view text);

    // Bytes of the valid UTF-8 sequence starting at s[0], or 0 when it is not
    // one (overlong forms, surrogates and code points past U+10FFFF are not).
    static std::size_t utf8SequenceLength(std::string_view s);
};

}  // namespace cs
