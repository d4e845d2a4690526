#pragma once
// A duration distribution of `generate` (spec section 1, "generate"):
//   {"dist": "const", "value": v}
//   {"dist": "uniform", "min": a, "max": b}
//   {"dist": "exp", "mean": m}
//   {"dist": "lognormal", "mu": mu, "sigma": s}
// exp, lognormal and const also take an optional "max": c that clamps samples
// to at most c (for uniform, "max" is its upper bound anyway).
// A bare number n in a step is const n. Random samples are rounded to
// microseconds (DetMath::roundMicro; const values are kept as written) so that expanded files stay readable; every sample
// uses only our own Rng and DetMath, so a seed means the same list everywhere.
#include <cstdint>

#include "scenario/rng.h"

namespace cs {

class Distribution {
public:
    enum class Kind : std::uint8_t { Const, Uniform, Exp, LogNormal };

    static Distribution constant(double v) { return {Kind::Const, v, 0.0}; }
    static Distribution uniform(double lo, double hi) { return {Kind::Uniform, lo, hi}; }
    static Distribution exponential(double mean) { return {Kind::Exp, mean, 0.0}; }
    static Distribution lognormal(double mu, double sigma) { return {Kind::LogNormal, mu, sigma}; }

    Distribution withCap(double cap) const {
        Distribution d = *this;
        d.cap_ = cap;
        d.hasCap_ = true;
        return d;
    }

    Kind kind() const { return kind_; }
    bool drawsRandom() const { return kind_ != Kind::Const; }

    // One rounded sample; may be +inf when an exp or lognormal overflows and
    // there is no cap (the caller reports it). Const draws nothing from rng.
    double sample(Rng& rng) const;

    // A standard normal deviate: Marsaglia's polar form of Box-Muller, which
    // needs no sin/cos (and so no platform-dependent trigonometry).
    static double standardNormal(Rng& rng);
    // Exponential with the given mean: -mean * log(1 - u), 1 - u exact.
    static double exponentialSample(Rng& rng, double mean);

private:
    Distribution(Kind k, double a, double b) : kind_(k), a_(a), b_(b) {}

    Kind kind_;
    bool hasCap_ = false;
    double a_;
    double b_;
    double cap_ = 0.0;
};

}  // namespace cs
