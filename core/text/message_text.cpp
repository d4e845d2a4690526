#include "text/message_text.h"

namespace cs {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendByteEscape(std::string& out, unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

// Appends the character at s[i]: a valid UTF-8 sequence as it is, or its
// first byte as \xNN. Returns the bytes consumed.
std::size_t appendCharacter(std::string& out, std::string_view s, std::size_t i) {
    const std::size_t n = MessageText::utf8SequenceLength(s.substr(i));
    if (n == 0) {
        appendByteEscape(out, static_cast<unsigned char>(s[i]));
        return 1;
    }
    out.append(s.data() + i, n);
    return n;
}

}  // namespace

std::size_t MessageText::utf8SequenceLength(std::string_view s) {
    if (s.empty()) return 0;
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = b(0);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xbf;  // range of the second byte (RFC 3629 table)
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c == 0xe0) { n = 3; lo = 0xa0; }
    else if (c >= 0xe1 && c <= 0xec) n = 3;
    else if (c == 0xed) { n = 3; hi = 0x9f; }  // no UTF-16 surrogates
    else if (c >= 0xee && c <= 0xef) n = 3;
    else if (c == 0xf0) { n = 4; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) n = 4;
    else if (c == 0xf4) { n = 4; hi = 0x8f; }  // nothing past U+10FFFF
    else return 0;
    if (s.size() < n) return 0;
    if (b(1) < lo || b(1) > hi) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if (b(i) < 0x80 || b(i) > 0xbf) return 0;
    return n;
}

std::string MessageText::printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            appendByteEscape(out, c);
            ++i;
        } else {
            i += appendCharacter(out, s, i);
        }
    }
    return out;
}

std::string MessageText::quoted(std::string_view s, std::size_t maxBytes) {
    std::string q = "\"";
    std::size_t i = 0;
    for (; i < s.size() && i < maxBytes;) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': q += "\\\""; ++i; continue;
            case '\\': q += "\\\\"; ++i; continue;
            case '\b': q += "\\b"; ++i; continue;
            case '\f': q += "\\f"; ++i; continue;
            case '\n': q += "\\n"; ++i; continue;
            case '\r': q += "\\r"; ++i; continue;
            case '\t': q += "\\t"; ++i; continue;
            default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            q += "\\u00";
            q += kHex[c >> 4];
            q += kHex[c & 15];
            ++i;
        } else {
            i += appendCharacter(q, s, i);
        }
    }
    if (i < s.size()) q += "...";  // inside the quotes, as the loader always wrote it
    q += '"';
    return q;
}

std::string MessageText::encodingHint(std::string_view text) {
    const auto b = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0xffu; };
    const bool bom = (b(0) == 0xff && b(1) == 0xfe) || (b(0) == 0xfe && b(1) == 0xff);
    const bool ascii16 = (b(0) == 0 && b(1) != 0 && b(1) < 0x80) || (b(1) == 0 && b(0) != 0 && b(0) < 0x80);
    return bom || ascii16 ? " (UTF-16 text? save it as UTF-8)" : " (a binary file?)";
}

}  // namespace cs
