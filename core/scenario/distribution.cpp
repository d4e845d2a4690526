#include "scenario/distribution.h"

// Same invariant as det_math.cpp: no fused multiply-adds.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <cmath>

#include "scenario/det_math.h"

namespace cs {

double Distribution::standardNormal(Rng& rng) {
    for (;;) {
        const double v1 = 2.0 * rng.uniform() - 1.0;  // exact: multiples of 2^-52
        const double v2 = 2.0 * rng.uniform() - 1.0;
        const double s = v1 * v1 + v2 * v2;
        if (s > 0.0 && s < 1.0) return v1 * std::sqrt(-2.0 * DetMath::log(s) / s);
    }
}

double Distribution::exponentialSample(Rng& rng, double mean) {
    // 1 - u lies in (0, 1] and is exact, so this is log1p(-u) without log1p.
    return -mean * DetMath::log(1.0 - rng.uniform()) + 0.0;  // + 0.0: no -0.0
}

double Distribution::sample(Rng& rng) const {
    double x = 0.0;
    switch (kind_) {
    case Kind::Const:
        // A value the user wrote is kept exactly; only samples are rounded.
        return hasCap_ && a_ > cap_ ? cap_ : a_;
    case Kind::Uniform:
        x = a_ + (b_ - a_) * rng.uniform();
        if (x > b_) x = b_;  // rounding can overshoot by an ulp
        break;
    case Kind::Exp:
        x = exponentialSample(rng, a_);
        break;
    case Kind::LogNormal:
        x = DetMath::exp(a_ + b_ * standardNormal(rng));
        break;
    }
    if (hasCap_ && x > cap_) x = cap_;
    return DetMath::roundMicro(x);
}

}  // namespace cs
