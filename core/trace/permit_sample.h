#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

// A "permits" line of a traced Python program: permits held at t (what the
// trace reader keeps of that line, and the exporters draw).
struct PermitSample {
    double t = 0.0;
    std::int64_t value = 0;
    bool operator==(const PermitSample&) const = default;
};

// One of the first Semaphores and Locks a traced Python program made, told
// apart (its "primitive" line, docs/trace-extensions.md), and its own count
// of permits held over time (its "held" lines).
struct PrimitiveInfo {
    // The class's name as the file spells it: "Semaphore", "BoundedSemaphore",
    // "Lock" (or a subclass's); empty: no "primitive" line for it was read.
    std::string kind;
    std::int64_t size = 0;   // its initial value (a Lock: 1)
    std::int64_t line = 0;   // the program's line that made it (0: not in the program's own file)
    std::vector<PermitSample> held;  // in file order (the model sorts them by time)
    // Its size as it changed (the tracer's "size" lines, in file order: a
    // Semaphore(0) used as a signal, opened by each signal and closed by each
    // one used up); empty: `size` throughout.
    std::vector<PermitSample> sizes{};  // (a default: aggregates of the four fields above stay whole)
    bool operator==(const PrimitiveInfo&) const = default;
    // What it is, as a program spells it: "Semaphore(2)", "BoundedSemaphore(3)";
    // "Lock", "Condition" (a Lock: one permit, its size says nothing). A
    // Barrier's one permit is its own Condition's Lock, which each wait()
    // holds an instant: "Barrier's lock" ("Barrier, 0 of 1" read as its
    // parties). (The timeline words it in the app's language.)
    std::string what() const {
        if (kind == "Barrier") return "Barrier's lock";
        return kind == "Lock" || kind == "Condition" ? kind : kind + "(" + std::to_string(size) + ")";
    }
};

}  // namespace cs
