#include "scenario/det_math.h"

// See the header: no contraction into fused multiply-adds in this file.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <bit>
#include <cmath>
#include <cstdint>

namespace cs {

namespace {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// Series coefficients as constants: a division per term would cost more than
// the rest of a sample. Computed by the compiler, which rounds IEEE-exactly.
constexpr double kAtanh[11] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13,
                               1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};

constexpr double factorialInverse(int n) {
    double f = 1.0;
    for (int i = 2; i <= n; ++i) f *= i;  // exact up to 18!
    return 1.0 / f;
}
constexpr double kInvFactorial[15] = {
    factorialInverse(0),  factorialInverse(1),  factorialInverse(2),  factorialInverse(3),
    factorialInverse(4),  factorialInverse(5),  factorialInverse(6),  factorialInverse(7),
    factorialInverse(8),  factorialInverse(9),  factorialInverse(10), factorialInverse(11),
    factorialInverse(12), factorialInverse(13), factorialInverse(14)};

// Nearest integer, ties to even, for |y| < 2^51: adding and removing 1.5 * 2^52
// is exact IEEE arithmetic (std::round is a library call).
double roundToInteger(double y) { return (y + 0x1.8p52) - 0x1.8p52; }

double powerOfTwo(int k) {  // 2^k for k in [-1022, 1023]
    return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

// p * 2^k for p in [0.5, 2): exact while the result is normal, one rounding
// when it is subnormal, as ldexp does.
double scaleByPowerOfTwo(double p, int k) {
    if (k > 1023) return p * 2.0 * powerOfTwo(k - 1);
    if (k < -1022) return p * powerOfTwo(k + 54) * 0x1.0p-54;
    return p * powerOfTwo(k);
}

}  // namespace

double DetMath::log(double x) {
    if (!(x > 0.0)) return x == 0.0 ? -HUGE_VAL : NAN;
    if (std::isinf(x)) return x;
    // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), read from the bits (exact,
    // and cheaper than frexp, which is a library call).
    int e = 0;
    double m = x;
    if (x < 0x1.0p-1022) {  // subnormal: scale into the normal range first
        m *= 0x1.0p54;
        e = -54;
    }
    const auto bits = std::bit_cast<std::uint64_t>(m);
    e += static_cast<int>((bits >> 52) & 0x7ff) - 1022;
    m = std::bit_cast<double>((bits & 0x800fffffffffffffull) | 0x3fe0000000000000ull);  // [0.5, 1)
    if (m < kSqrtHalf) {
        m *= 2.0;
        e -= 1;
    }
    // log(m) = 2 atanh(s) with s = (m-1)/(m+1), |s| <= 0.1716, so the series
    // 2s (1 + s^2/3 + s^4/5 + ...) is below 2^-53 of the sum after 11 terms.
    const double f = m - 1.0;  // exact (Sterbenz)
    const double s = f / (2.0 + f);
    const double s2 = s * s;
    // Estrin's scheme, as in exp below.
    const double* c = kAtanh;
    const double z2 = s2 * s2;
    const double z4 = z2 * z2;
    const double z8 = z4 * z4;
    const double q0 = (c[0] + c[1] * s2) + z2 * (c[2] + c[3] * s2);
    const double q1 = (c[4] + c[5] * s2) + z2 * (c[6] + c[7] * s2);
    const double q2 = (c[8] + c[9] * s2) + z2 * c[10];
    const double poly = (q0 + z4 * q1) + z8 * q2;
    const double logm = 2.0 * s + 2.0 * s * (poly * s2);
    const double de = static_cast<double>(e);
    return de * kLn2Hi + (de * kLn2Lo + logm);
}

double DetMath::exp(double x) {
    if (std::isnan(x)) return x;
    if (x > 709.782712893384) return HUGE_VAL;
    if (x < -745.1332191019412) return 0.0;
    // x = k ln2 + r with |r| <= ln2/2 + tiny; e^x = 2^k e^r.
    const double k = roundToInteger(x * kInvLn2);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    // Taylor series of e^r (0.35^15/15! < 2^-53) in Estrin's scheme: the
    // same operations in a fixed order, but four independent chains.
    const double* c = kInvFactorial;
    const double r2 = r * r;
    const double r4 = r2 * r2;
    const double r8 = r4 * r4;
    const double q0 = (c[0] + c[1] * r) + r2 * (c[2] + c[3] * r);
    const double q1 = (c[4] + c[5] * r) + r2 * (c[6] + c[7] * r);
    const double q2 = (c[8] + c[9] * r) + r2 * (c[10] + c[11] * r);
    const double q3 = (c[12] + c[13] * r) + r2 * c[14];
    const double p = (q0 + r4 * q1) + r8 * (q2 + r4 * q3);
    return scaleByPowerOfTwo(p, static_cast<int>(k));
}

double DetMath::roundMicro(double x) {
    if (!(std::fabs(x) < 1e9)) return x;
    return roundToInteger(x * 1e6) / 1e6;
}

}  // namespace cs
