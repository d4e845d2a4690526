#pragma once
// The scenario task a collected future is (its task's label), and futures
// put in scenario-task order, as main() reports a set of done/pending tasks.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "task/task.h"

namespace cs::detail {

inline std::int32_t labelOf(const Ref<Future>& f) { return static_cast<Task*>(f.get())->label(); }

inline void sortByLabel(std::vector<Ref<Future>>& v) {
    std::sort(v.begin(), v.end(), [](const Ref<Future>& a, const Ref<Future>& b) { return labelOf(a) < labelOf(b); });
}

}  // namespace cs::detail
