#include "scenario/det_math.h"

// See the header: no contraction into fused multiply-adds in this file.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <cmath>

namespace cs {

namespace {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

}  // namespace

double DetMath::log(double x) {
    if (!(x > 0.0)) return x == 0.0 ? -HUGE_VAL : NAN;
    if (std::isinf(x)) return x;
    // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); frexp and ldexp are exact.
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < kSqrtHalf) {
        m *= 2.0;
        e -= 1;
    }
    // log(m) = 2 atanh(s) with s = (m-1)/(m+1), |s| <= 0.1716, so the series
    // 2s (1 + s^2/3 + s^4/5 + ...) is below 1e-18 after 12 terms.
    const double f = m - 1.0;  // exact (Sterbenz)
    const double s = f / (2.0 + f);
    const double s2 = s * s;
    double poly = 0.0;
    for (int k = 12; k >= 1; --k) poly = (poly + 1.0 / (2 * k + 1)) * s2;
    // f - s*f == 2s exactly in real numbers; writing it as f - s*(f - poly...)
    // would be more accurate but a few ulp is enough here.
    const double logm = 2.0 * s + 2.0 * s * poly;
    const double de = static_cast<double>(e);
    return de * kLn2Hi + (de * kLn2Lo + logm);
}

double DetMath::exp(double x) {
    if (std::isnan(x)) return x;
    if (x > 709.782712893384) return HUGE_VAL;
    if (x < -745.1332191019412) return 0.0;
    // x = k ln2 + r with |r| <= ln2/2 + tiny; e^x = 2^k e^r.
    const double k = std::round(x * kInvLn2);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    // Taylor series of e^r, Horner form: 0.35^18/18! < 1e-24.
    double p = 1.0;
    for (int n = 18; n >= 1; --n) p = 1.0 + p * r / n;
    return std::ldexp(p, static_cast<int>(k));
}

double DetMath::roundMicro(double x) {
    if (!(std::fabs(x) < 1e9)) return x;
    return std::round(x * 1e6) / 1e6;
}

}  // namespace cs
