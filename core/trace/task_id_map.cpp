#include "trace/task_id_map.h"

#include <algorithm>
#include <numeric>

namespace cs {

std::int32_t TaskIdMap::find(std::int64_t id) const {
    const auto u = static_cast<std::uint64_t>(id);
    if (identity_) return u < identityLanes_ ? static_cast<std::int32_t>(id) : kNone;
    if (u < direct_.size() && direct_[u] != kNone) return direct_[u];
    if (sparse_.empty()) return kNone;
    const auto it = sparse_.find(id);
    return it == sparse_.end() ? kNone : it->second;
}

std::int32_t TaskIdMap::addOrFind(std::int64_t id) {
    if (const std::int32_t l = find(id); l != kNone) return l;
    const auto l = static_cast<std::int32_t>(ids_.size());
    if (!ids_.empty() && id <= ids_.back()) increasing_ = false;
    ids_.push_back(id);
    const auto u = static_cast<std::uint64_t>(id);
    const std::size_t cap = std::max(kDirectFloor, 4 * ids_.size());
    if (u < cap) {
        // Grow geometrically, never past the cap: the vector stays O(lanes).
        if (u >= direct_.size()) direct_.resize(std::min(cap, std::max<std::size_t>(u + 1, 2 * direct_.size())), kNone);
        direct_[u] = l;
    } else {
        sparse_.emplace(id, l);
    }
    return l;
}

std::vector<std::int64_t> TaskIdMap::ids() const {
    if (!identity_) return ids_;
    std::vector<std::int64_t> ids(identityLanes_);
    std::iota(ids.begin(), ids.end(), std::int64_t{0});
    return ids;
}

void TaskIdMap::leaveIdentity() {
    ids_ = ids();  // 0 .. identityLanes_ - 1
    identity_ = false;
    direct_.resize(identityLanes_);
    std::iota(direct_.begin(), direct_.end(), std::int32_t{0});
    increasing_ = true;
    identityLanes_ = 0;
}

void TaskIdMap::truncate(std::size_t lanes) {
    if (identity_) {
        identityLanes_ = std::min(identityLanes_, lanes);
        return;
    }
    if (lanes >= ids_.size()) return;
    for (std::size_t l = lanes; l < ids_.size(); ++l) {
        const auto u = static_cast<std::uint64_t>(ids_[l]);
        if (u < direct_.size() && direct_[u] == static_cast<std::int32_t>(l)) direct_[u] = kNone;
        else sparse_.erase(ids_[l]);
    }
    ids_.resize(lanes);
    increasing_ = std::adjacent_find(ids_.begin(), ids_.end(), [](std::int64_t a, std::int64_t b) { return a >= b; }) ==
                  ids_.end();
}

std::vector<std::int32_t> TaskIdMap::sortedOrder() const {
    if (identity_ || increasing_) return {};
    std::vector<std::int32_t> byId(ids_.size());
    std::iota(byId.begin(), byId.end(), 0);
    std::sort(byId.begin(), byId.end(), [&](std::int32_t a, std::int32_t b) { return ids_[a] < ids_[b]; });
    std::vector<std::int32_t> to(ids_.size());
    for (std::size_t rank = 0; rank < byId.size(); ++rank) to[byId[rank]] = static_cast<std::int32_t>(rank);
    return to;
}

}  // namespace cs
