#pragma once
// Task ids as a trace file writes them (any integer >= 0, dense or not) to
// the dense lanes 0..n-1 a TraceStore keeps, so that memory follows the ids
// a file names and not the largest one (issue 13: one id of 2^24 in an
// 85-byte file took 1.6 GB and exported 16 million invented rows).
//
// Lanes are handed out in order of first appearance while a file is read;
// sortedOrder() then gives the renumbering that puts them in id order, so
// that a file whose ids are 0..n-1 (every trace Coroscope and its Python
// tracer write) keeps its ids as lanes.
//
// Memory: while every id is its lane (ids 0, 1, 2, ... in order of first
// appearance: every trace Coroscope writes) nothing is kept but the count
// (a million-task trace's read peaked with 12.6 MB of this map). After the
// first other id, ids below max(kDirectFloor, 4 x lanes so far) are looked
// up in a vector indexed by id (one load, no hashing); larger ones in a
// hash map. Either way O(lanes), whatever the ids.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace cs {

class TaskIdMap {
public:
    static constexpr std::int32_t kNone = -1;
    static constexpr std::size_t kDirectFloor = std::size_t{1} << 16;

    // The lane of `id` (>= 0), a new one the first time it is seen.
    std::int32_t lane(std::int64_t id) {
        const auto u = static_cast<std::uint64_t>(id);
        if (identity_) {
            if (u < identityLanes_) return static_cast<std::int32_t>(id);
            if (u == identityLanes_) {
                ++identityLanes_;
                return static_cast<std::int32_t>(id);
            }
            leaveIdentity();
        }
        if (u < direct_.size() && direct_[u] != kNone) return direct_[u];
        return addOrFind(id);
    }
    // The lane of `id`, or kNone when it has none.
    std::int32_t find(std::int64_t id) const;

    std::size_t size() const { return identity_ ? identityLanes_ : ids_.size(); }
    // The id of each lane, in lane order.
    std::vector<std::int64_t> ids() const;
    // to[lane] = the lane's rank among the ids (lanes in id order); empty
    // when lanes were handed out in increasing id order already.
    std::vector<std::int32_t> sortedOrder() const;
    // Forgets the lanes from `lanes` on (the ids of a line that was refused,
    // so that every lane left is named by a kept event).
    void truncate(std::size_t lanes);

private:
    std::int32_t addOrFind(std::int64_t id);
    // The first id that is not its lane: the lanes so far go into the
    // vectors below.
    void leaveIdentity();

    bool identity_ = true;            // lane = id for every lane so far
    std::size_t identityLanes_ = 0;   // identity_: the lanes (ids 0..n-1)

    std::vector<std::int32_t> direct_;  // by id: its lane, kNone where none
    std::unordered_map<std::int64_t, std::int32_t> sparse_;
    std::vector<std::int64_t> ids_;     // by lane
    bool increasing_ = true;            // ids_ strictly increasing
};

}  // namespace cs
