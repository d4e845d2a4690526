#include "text/json_scan.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

namespace cs {

double JsonScan::toDouble(const char* b, const char* e) {
    // Clinger's fast path: with at most 15 significant digits m and a power
    // of ten 10^k, |k| <= 22, both are exact doubles and one multiplication
    // or division rounds once: the correctly rounded result, what from_chars
    // (and Python) give, at a fraction of the cost. "1.234567" is 1234567 / 1e6.
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    {
        const char* p = b;
        const bool negative = *p == '-';
        if (negative) ++p;
        std::uint64_t m = 0;
        int significant = 0;
        int scale = 0;      // the literal is m * 10^scale
        bool fits = true;   // at most 15 significant digits
        const auto digit = [&](int d, bool fraction) {
            if (m == 0 && d == 0) {  // a leading zero
                if (fraction) --scale;
            } else if (significant < 15) {
                m = m * 10 + static_cast<std::uint64_t>(d);
                ++significant;
                if (fraction) --scale;
            } else {
                fits = false;
            }
        };
        for (; p < e && isDigit(*p); ++p) digit(*p - '0', false);
        if (p < e && *p == '.')
            for (++p; p < e && isDigit(*p); ++p) digit(*p - '0', true);
        if (p < e) {  // the exponent
            ++p;
            const bool expNegative = *p == '-';
            if (*p == '-' || *p == '+') ++p;
            int exp10 = 0;
            for (; p < e && exp10 < 1000; ++p) exp10 = exp10 * 10 + (*p - '0');
            if (p < e) fits = false;
            scale += expNegative ? -exp10 : exp10;
        }
        if (fits && scale >= -22 && scale <= 22) {
            const double v = static_cast<double>(m);
            const double x = scale < 0 ? v / kPow10[-scale] : v * kPow10[scale];
            return negative ? -x : x;
        }
    }
    double x = 0.0;
    const auto r = std::from_chars(b, e, x);
    if (r.ec != std::errc::result_out_of_range) return x;
    // Overflow or underflow: the decimal exponent of the first significant
    // digit decides (from_chars leaves x alone then).
    const bool negative = *b == '-';
    const char* p = b + (negative ? 1 : 0);
    const char* q = p;
    while (q < e && isDigit(*q)) ++q;
    long pos = static_cast<long>(q - p) - 1;  // the exponent of the digit under the cursor
    long lead = 0;                            // that of the first nonzero digit
    bool seen = false;
    for (const char* d = p; d < e && *d != 'e' && *d != 'E'; ++d) {
        if (*d == '.') continue;
        if (*d != '0') {
            lead = pos;
            seen = true;
            break;
        }
        --pos;
    }
    long exp10 = 0;
    const char* ex = p;
    while (ex < e && *ex != 'e' && *ex != 'E') ++ex;
    if (ex < e) {
        ++ex;
        const bool eneg = *ex == '-';
        if (*ex == '-' || *ex == '+') ++ex;
        for (; ex < e && exp10 < 100000; ++ex) exp10 = exp10 * 10 + (*ex - '0');
        if (eneg) exp10 = -exp10;
    }
    const double mag = seen && lead + exp10 > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -mag : mag;
}

const char* JsonScan::literal(const char* p, const char* end, std::string_view word) {
    if (static_cast<std::size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0)
        return nullptr;
    return p + word.size();
}

}  // namespace cs
