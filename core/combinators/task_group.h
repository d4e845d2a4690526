#pragma once
// asyncio.TaskGroup (3.11.7). The program's `async with` body never awaits,
// so only the paths reachable from it matter, but they are ported as written.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "task/task.h"

namespace cs::detail {

class TaskGroup final : public RefCounted {
public:
    explicit TaskGroup(EventLoop& loop) : loop_(&loop) {}
    void enter();  // __aenter__
    void adopt(const Ref<Task>& task, std::uint64_t serial);  // create_task's bookkeeping
    // __aexit__(et): throws ExceptionGroup (or CancelledError) like CPython.
    Co<void> exit(std::optional<PyExc> et);
    const std::vector<PyExc>& errors() const { return errors_; }

private:
    static void onTaskDone(RefCounted* self, Future* task);
    void abort();

    EventLoop* loop_;
    Ref<Task> parent_;
    bool entered_ = false, exiting_ = false, aborting_ = false, parentCancelRequested_ = false;
    std::map<std::uint64_t, Ref<Task>> tasks_;  // a set; iterated in creation order
    std::map<Future*, std::uint64_t> serialOf_;
    std::vector<PyExc> errors_;
    std::optional<PyExc> baseError_;
    Ref<Future> onCompletedFut_;
};

}  // namespace cs::detail
