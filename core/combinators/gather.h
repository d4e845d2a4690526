#pragma once
// asyncio.gather (3.11.7): the outer _GatheringFuture; a child's failure sets
// the outer exception but does not cancel the other children; cancelling the
// outer cancels every child.
#include <vector>

#include "task/task.h"

namespace cs::detail {

class GatheringFuture final : public Future {
public:
    GatheringFuture(EventLoop& loop, std::vector<Ref<Future>> children, bool returnExceptions);
    bool cancel() override;

    // After success: per child, whether its entry in the results list is a
    // value (true) or an exception object (false).
    const std::vector<bool>& okList() const { return ok_; }
    const std::vector<Ref<Future>>& children() const { return children_; }

    static void doneCallback(RefCounted* self, Future* fut);

private:
    std::vector<Ref<Future>> children_;
    std::vector<bool> ok_;
    std::size_t nfinished_ = 0;
    bool returnExceptions_;
    bool cancelRequested_ = false;
};

// gather(*children, return_exceptions=...). With no children: a future
// already resolved with [].
Ref<GatheringFuture> gather(EventLoop& loop, std::vector<Ref<Future>> children, bool returnExceptions);

}  // namespace cs::detail
