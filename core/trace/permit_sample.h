#pragma once
#include <cstdint>

namespace cs {

// A "permits" line of a traced Python program: permits held at t (what the
// trace reader keeps of that line, and the exporters draw).
struct PermitSample {
    double t = 0.0;
    std::int64_t value = 0;
    bool operator==(const PermitSample&) const = default;
};

}  // namespace cs
