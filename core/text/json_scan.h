#pragma once
// The plain subset of JSON that writers print (whitespace, strings without
// escapes or bytes >= 0x80, numbers, literals), scanned byte by byte for the
// fast paths that read large files: trace lines (TraceLineParser) and a
// scenario's task list (the loader). Each function accepts exactly JSON's
// grammar for what it takes and returns nullptr for anything else; the caller
// then hands the text to a full parser (simdjson), which says what is wrong.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cs {

class JsonScan {
public:
    // plainStringEnd reads up to this many bytes past `end`: the callers'
    // buffers carry simdjson's padding (more than this) after the text.
    static constexpr std::size_t kReadAhead = 8;

    static bool isWs(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static const char* skipWs(const char* p, const char* end) {
        while (p < end && isWs(*p)) ++p;
        return p;
    }

    // p just after a string's opening quote: its closing quote, or nullptr
    // when the string holds an escape, a control character or a byte >= 0x80
    // (or does not close before end). Reads ahead (kReadAhead).
    static const char* plainStringEnd(const char* p, const char* end) {
        // Eight bytes at a time: the lowest byte flagged by the bit tricks
        // below is exactly the first special one (a borrow can only flag
        // bytes above it).
        constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
        const auto zeroByte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
        for (; p < end; p += 8) {
            std::uint64_t w;
            std::memcpy(&w, p, sizeof w);
            const std::uint64_t special = zeroByte(w ^ (kOnes * '"')) | zeroByte(w ^ (kOnes * '\\')) |
                                          ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh);
            if (special == 0) continue;
            const char* at = p + (__builtin_ctzll(special) >> 3);
            return at < end && *at == '"' ? at : nullptr;
        }
        return nullptr;
    }

    // p at a number's first character ('-' or a digit): its end, or nullptr
    // when the grammar is not JSON's (leading zeros, "1.", "-", ".5", ...).
    // `integral`: neither a fraction nor an exponent.
    static const char* numberEnd(const char* p, const char* end, bool& integral) {
        if (p < end && *p == '-') ++p;
        if (p == end || !isDigit(*p)) return nullptr;
        if (*p == '0') {
            ++p;
        } else {
            while (p < end && isDigit(*p)) ++p;
        }
        integral = true;
        if (p < end && *p == '.') {
            ++p;
            if (p == end || !isDigit(*p)) return nullptr;
            while (p < end && isDigit(*p)) ++p;
            integral = false;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p < end && (*p == '+' || *p == '-')) ++p;
            if (p == end || !isDigit(*p)) return nullptr;
            while (p < end && isDigit(*p)) ++p;
            integral = false;
        }
        return p;
    }

    // [b, e), a JSON number, as Python's float() reads it: correctly rounded;
    // past DBL_MAX it is +-inf, below the smallest subnormal +-0.
    static double toDouble(const char* b, const char* e);

    // p at `word` (true, false, null, NaN, ...): past it, or nullptr.
    static const char* literal(const char* p, const char* end, std::string_view word);
};

}  // namespace cs
