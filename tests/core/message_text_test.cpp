#include <catch2/catch.hpp>

#include <string>

#include "text/message_text.h"

using cs::MessageText;

TEST_CASE("printable text keeps valid UTF-8 and escapes every other byte") {
    CHECK(MessageText::printable("plain, caf\xC3\xA9, \xF0\x9F\x98\x80") == "plain, caf\xC3\xA9, \xF0\x9F\x98\x80");
    CHECK(MessageText::printable("a\xFF" "b") == "a\\xffb");
    CHECK(MessageText::printable("\xC3") == "\\xc3");                  // cut short
    CHECK(MessageText::printable("\xC0\xAF") == "\\xc0\\xaf");         // overlong '/'
    CHECK(MessageText::printable("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a UTF-16 surrogate
    CHECK(MessageText::printable("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
    CHECK(MessageText::printable(std::string("nul\0 esc\x1b del\x7f tab\t", 19)) == "nul\\x00 esc\\x1b del\\x7f tab\t");
    CHECK(MessageText::printable("line\nbreak") == "line\\x0abreak");
}

TEST_CASE("printable text is unchanged by a second pass") {
    const std::string once = MessageText::printable("x\xFF\xFE\x01y\xE2\x82");
    CHECK(MessageText::printable(once) == once);
}

TEST_CASE("quoted text is a capped JSON string with bad bytes escaped") {
    CHECK(MessageText::quoted("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"");
    CHECK(MessageText::quoted("\x01\x7f") == "\"\\u0001\\u007f\"");
    CHECK(MessageText::quoted("bad\xFF") == "\"bad\\xff\"");
    CHECK(MessageText::quoted(std::string(50, 'a')) == "\"" + std::string(40, 'a') + "...\"");
    // The cut falls on a character boundary: no half of a character.
    CHECK(MessageText::quoted(std::string(39, 'a') + "\xC3\xA9" "zz") == "\"" + std::string(39, 'a') + "\xC3\xA9...\"");
}

TEST_CASE("a NUL byte hint tells UTF-16 from binary") {
    CHECK(MessageText::encodingHint(std::string("\xFF\xFE{\0", 4)) == " (UTF-16 text? save it as UTF-8)");
    CHECK(MessageText::encodingHint(std::string("{\0\"\0", 4)) == " (UTF-16 text? save it as UTF-8)");
    CHECK(MessageText::encodingHint(std::string("\0{\0\"", 4)) == " (UTF-16 text? save it as UTF-8)");
    CHECK(MessageText::encodingHint(std::string("\x89PNG\0", 5)) == " (a binary file?)");
}
