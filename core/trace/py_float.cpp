#include "trace/py_float.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <system_error>

namespace cs {

std::string PyFloat::repr(double x) {
    std::string s;
    appendRepr(s, x);
    return s;
}

void PyFloat::appendRepr(std::string& out, double x) {
    if (std::isnan(x)) { out += "NaN"; return; }
    if (std::isinf(x)) { out += x > 0 ? "Infinity" : "-Infinity"; return; }

    // Shortest round-trip digits in scientific form: "d[.ddd]e±XX".
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));

    bool negative = false;
    if (!sci.empty() && sci.front() == '-') { negative = true; sci.remove_prefix(1); }
    const std::size_t ePos = sci.find('e');
    const std::string_view mant = sci.substr(0, ePos);
    const int exp10 = std::atoi(std::string(sci.substr(ePos + 1)).c_str());
    std::string digits;
    for (char c : mant)
        if (c != '.') digits += c;

    if (negative) out += '-';
    // CPython's float_repr_style 'short': decpt = exp10 + 1 is where the
    // decimal point falls in `digits`; scientific iff decpt <= -4 or decpt > 16.
    const int decpt = exp10 + 1;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-decpt), '0');
            out += digits;
        } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
            out += digits;
            out.append(static_cast<std::size_t>(decpt) - digits.size(), '0');
            out += ".0";
        } else {
            out.append(digits, 0, static_cast<std::size_t>(decpt));
            out += '.';
            out.append(digits, static_cast<std::size_t>(decpt), std::string::npos);
        }
        return;
    }
    out += digits[0];
    if (digits.size() > 1) {
        out += '.';
        out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += exp10 < 0 ? '-' : '+';
    const int a = std::abs(exp10);
    if (a < 10) out += '0';
    out += std::to_string(a);
}

}  // namespace cs
