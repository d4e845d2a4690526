#include "combinators/gather.h"

namespace cs::detail {

GatheringFuture::GatheringFuture(EventLoop& loop, std::vector<Ref<Future>> children, bool returnExceptions)
    : Future(loop), children_(std::move(children)), returnExceptions_(returnExceptions) {}

bool GatheringFuture::cancel() {
    if (done()) return false;
    bool ret = false;
    for (auto& child : children_)
        if (child->cancel()) ret = true;
    if (ret) cancelRequested_ = true;  // propagate regardless of return_exceptions (bpo-32684)
    return ret;
}

void GatheringFuture::doneCallback(RefCounted* self, Future* fut) {
    auto* outer = static_cast<GatheringFuture*>(self);
    ++outer->nfinished_;
    if (outer->done()) return;
    if (!outer->returnExceptions_ && !fut->succeeded()) {  // (a result: nothing to check)
        if (fut->cancelled()) {
            outer->setException(PyExc{kCancelledError});
            return;
        }
        if (auto e = fut->exception()) {
            outer->setException(*e);
            return;
        }
    }
    if (outer->nfinished_ == outer->children_.size()) {
        outer->ok_.clear();
        outer->ok_.reserve(outer->children_.size());
        for (auto& c : outer->children_) outer->ok_.push_back(c->succeeded());
        if (outer->cancelRequested_)
            outer->setException(PyExc{kCancelledError});
        else
            outer->setResult(0);
    }
}

Ref<GatheringFuture> gather(EventLoop& loop, std::vector<Ref<Future>> children, bool returnExceptions) {
    Ref<GatheringFuture> outer(new GatheringFuture(loop, std::move(children), returnExceptions));
    if (outer->children().empty()) {
        outer->setResult(0);
        return outer;
    }
    // Children are distinct futures here (the program never repeats one), so
    // arg_to_fut's de-duplication is the identity.
    for (auto& c : outer->children()) c->addDoneCallback(&GatheringFuture::doneCallback, outer.get());
    return outer;
}

}  // namespace cs::detail
