#pragma once
// One collector per collect kind (spec section 1, `collect`): how main()
// creates the scenario's tasks and waits for them (gather, wait,
// as_completed, TaskGroup, or one after the other), tracing what each
// collector call returned (`returned`, `result`, `pending`) and, last,
// `collected`. Limit kinds that pace the tasks themselves (queue, manual,
// chunks, scheduler) do this in their limiter's drive() instead.
#include <cstdint>
#include <memory>

#include "program/parts.h"
#include "task/co.h"

namespace cs::detail {

class Collector {
public:
    explicit Collector(ProgramParts& p) : p_(p) {}
    virtual ~Collector() = default;
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    virtual Co<void> collect() = 0;

    // The collector of the scenario's collect kind.
    static std::unique_ptr<Collector> make(ProgramParts& p);

protected:
    ProgramParts& p_;
};

}  // namespace cs::detail
