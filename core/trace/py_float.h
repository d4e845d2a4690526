#pragma once
// Doubles printed exactly as CPython's repr(float) (and so json.dumps) prints
// them: the shortest digits that round-trip, fixed notation while the decimal
// exponent is in [-4, 16), scientific otherwise, and ".0" on integral values:
//   1.0  0.30000000000000004  1e-05  0.0001  1000000000000000.0  1e+16  -0.0
// Non-finite values print as json.dumps does: NaN, Infinity, -Infinity.
// Traces are compared against CPython's text, so this must match byte for byte.
#include <cstddef>
#include <string>

namespace cs {

class PyFloat {
public:
    static std::string repr(double x);
    static void appendRepr(std::string& out, double x);
    // The same text at `out`, which has room for kMaxChars; returns its end.
    static constexpr std::size_t kMaxChars = 32;
    static char* write(char* out, double x);

private:
    // The fast path for whole microseconds; nullptr: not one.
    static char* writeMicros(char* out, double x);
};

}  // namespace cs
