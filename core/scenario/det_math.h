#pragma once
// log and exp computed with + - * / only, so that `generate` samples the same
// durations from the same seed on every platform. Library log/exp are allowed
// to differ in the last bit between libms, and a different last bit can move
// a sampled duration across a rounding boundary. Accuracy is a few ulp, which
// is plenty: samples are rounded to microseconds afterwards.
//
// Invariant kept by det_math.cpp and distribution.cpp: they are compiled
// without floating-point contraction (a fused multiply-add rounds once instead
// of twice and so changes results on machines that have one).

namespace cs {

class DetMath {
public:
    // Natural logarithm of x > 0 (finite). log(1) == 0 exactly.
    static double log(double x);
    // e^x; +inf above ~709.78, 0 below ~-745.13.
    static double exp(double x);
    // x rounded to 6 decimals (microseconds) while that is meaningful
    // (|x| < 1e9); larger values are returned unchanged. Idempotent.
    static double roundMicro(double x);
};

}  // namespace cs
