#include "trace/py_float.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>

namespace cs {

std::string PyFloat::repr(double x) {
    std::string s;
    appendRepr(s, x);
    return s;
}

// Most times are whole microseconds (the engine's samples, the Python
// tracer's rounding). When x is exactly the double nearest k / 10^6 for an
// integer k, that decimal (trailing zeros dropped) is repr(x): no other
// decimal with 6 or fewer places lies within x's rounding interval (the
// doubles are far closer together than 10^-6 below 10^9), and a shorter
// one would have fewer places. Fixed notation holds from 1e-4 up.
char* PyFloat::writeMicros(char* out, double x) {
    const double a = std::fabs(x);
    if (!(a >= 1e-4 && a < 1e9)) return nullptr;
    // std::nearbyint(a * 1e6) without its library call: below 2^52 adding
    // 2^52 rounds to an integer in the current rounding mode, as nearbyint
    // does, and taking it off again is exact.
    constexpr double kTwo52 = 4503599627370496.0;
    const double scaled = (a * 1e6 + kTwo52) - kTwo52;
    if (scaled / 1e6 != a) return nullptr;
    auto k = static_cast<std::uint64_t>(scaled);
    char text[32];
    char* o = text + sizeof text;
    int frac = 6;
    while (frac > 1 && k % 10 == 0) {  // drop trailing zeros, keep one place
        k /= 10;
        --frac;
    }
    for (int i = 0; i < frac; ++i) {
        *--o = static_cast<char>('0' + k % 10);
        k /= 10;
    }
    *--o = '.';
    do {
        *--o = static_cast<char>('0' + k % 10);
        k /= 10;
    } while (k != 0);
    if (x < 0) *--o = '-';
    const auto n = static_cast<std::size_t>(text + sizeof text - o);
    std::memcpy(out, o, n);
    return out + n;
}

void PyFloat::appendRepr(std::string& out, double x) {
    char text[kMaxChars];
    out.append(text, static_cast<std::size_t>(write(text, x) - text));
}

char* PyFloat::write(char* o, double x) {
    const auto put = [&](const char* from, std::size_t n) {
        std::memcpy(o, from, n);
        o += n;
    };
    const auto word = [&](std::string_view w) {
        put(w.data(), w.size());
        return o;
    };
    if (std::isnan(x)) return word("NaN");
    if (std::isinf(x)) return word(x > 0 ? "Infinity" : "-Infinity");
    // Common in tables (every task created at 0) and below writeMicros' range.
    if (x == 0.0) return word(std::signbit(x) ? "-0.0" : "0.0");

    if (char* end = writeMicros(o, x)) return end;

    // Shortest round-trip digits in scientific form: "[-]d[.ddd]e±XX[X]".
    // Everything below works in stack buffers: exports print millions.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    const char* p = buf;
    const char* const end = res.ptr;
    const bool negative = *p == '-';
    if (negative) ++p;
    char digits[24];
    std::size_t nd = 0;
    for (; p < end && *p != 'e'; ++p)
        if (*p != '.') digits[nd++] = *p;
    ++p;  // 'e'
    const bool expNegative = *p == '-';
    ++p;  // sign
    int exp10 = 0;
    for (; p < end; ++p) exp10 = exp10 * 10 + (*p - '0');
    if (expNegative) exp10 = -exp10;

    // CPython's float_repr_style 'short': decpt = exp10 + 1 is where the
    // decimal point falls in `digits`; scientific iff decpt <= -4 or decpt > 16.
    // At most 24 characters: "-0.000" and 17 digits, 17 digits with
    // zeros up to 16 places and ".0", or "-d.dddddddddddddddde-308".
    if (negative) *o++ = '-';
    const int decpt = exp10 + 1;
    if (decpt > -4 && decpt <= 16) {
        const auto point = static_cast<std::size_t>(decpt > 0 ? decpt : 0);
        if (decpt <= 0) {
            put("0.000", 2 + static_cast<std::size_t>(-decpt));
            put(digits, nd);
        } else if (point >= nd) {
            put(digits, nd);
            std::memset(o, '0', point - nd);
            o += point - nd;
            put(".0", 2);
        } else {
            put(digits, point);
            *o++ = '.';
            put(digits + point, nd - point);
        }
        return o;
    }
    *o++ = digits[0];
    if (nd > 1) {
        *o++ = '.';
        put(digits + 1, nd - 1);
    }
    *o++ = 'e';
    *o++ = exp10 < 0 ? '-' : '+';
    const int a = std::abs(exp10);
    if (a < 10) *o++ = '0';
    return std::to_chars(o, o + 4, a).ptr;
}

}  // namespace cs
