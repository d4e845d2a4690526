#pragma once
// A small unit of work for combinator tests: sleep `d` virtual seconds, then
// return or raise, logging how it ended ("done 2@3", "fail 1@2",
// "cancel 0@1", "swallow 0@1").
#include <cstdint>
#include <string>

#include "loop/py_exc.h"
#include "support/sync_run.h"
#include "sync/sleep.h"

namespace cs::test {

inline std::string atTime(const EventLoop& loop) {
    std::string num = std::to_string(loop.time());
    num.erase(num.find_last_not_of('0') + 1);
    if (num.back() == '.') num.pop_back();
    std::string s("@");  // not "@" + num: GCC 12 warns falsely (-Wrestrict) on that
    s += num;
    return s;
}

struct WorkSpec {
    double d = 1.0;
    bool fail = false;          // raise ValueError after the sleep
    bool swallowCancel = false; // catch CancelledError and return normally
};

inline Co<std::int64_t> work(EventLoop* loop, int id, WorkSpec spec, Log* log) {
    std::string me(" ");  // not " " + ...: GCC 12 warns falsely (-Wrestrict) on that
    me += std::to_string(id);
    bool swallowed = false;
    try {
        log->add("start" + me + atTime(*loop));
        co_await detail::sleep(*loop, spec.d);
    } catch (const detail::PyError& e) {
        if (!e.exc.isCancelled()) throw;
        if (!spec.swallowCancel) {
            log->add("cancel" + me + atTime(*loop));
            throw;
        }
        swallowed = true;
    }
    if (swallowed) {
        log->add("swallow" + me + atTime(*loop));
        co_return id;
    }
    if (spec.fail) {
        log->add("fail" + me + atTime(*loop));
        throw detail::PyError{detail::PyExc{detail::kValueError}};
    }
    log->add("done" + me + atTime(*loop));
    co_return id;
}

// Index of `f` in `fs` (-1 if absent).
template <class V>
int indexIn(const V& fs, const Future* f) {
    for (std::size_t i = 0; i < fs.size(); ++i)
        if (fs[i].get() == f) return static_cast<int>(i);
    return -1;
}

}  // namespace cs::test
