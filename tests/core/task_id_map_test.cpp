// TaskIdMap: a trace file's task ids to dense lanes. Ids that are their own
// lanes (0, 1, 2, ... in order of first appearance) cost nothing; the first
// other id moves every lane so far into the map, with the same answers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "trace/task_id_map.h"

using cs::TaskIdMap;

TEST_CASE("a task id map hands out lanes in order of first appearance") {
    TaskIdMap m;
    CHECK(m.lane(7) == 0);
    CHECK(m.lane(3) == 1);
    CHECK(m.lane(7) == 0);
    CHECK(m.find(3) == 1);
    CHECK(m.find(4) == TaskIdMap::kNone);
    CHECK(m.size() == 2);
    CHECK(m.ids() == std::vector<std::int64_t>{7, 3});
}

TEST_CASE("ids far apart and past 32 bits get lanes like any other") {
    TaskIdMap m;
    const std::int64_t ids[] = {std::int64_t{1} << 24, 0, std::int64_t{1} << 40, INT64_MAX, 65535, 65536, 5};
    for (std::size_t i = 0; i < std::size(ids); ++i) CHECK(m.lane(ids[i]) == static_cast<std::int32_t>(i));
    for (std::size_t i = 0; i < std::size(ids); ++i) CHECK(m.find(ids[i]) == static_cast<std::int32_t>(i));
    CHECK(m.find(1) == TaskIdMap::kNone);
    CHECK(m.find(std::int64_t{1} << 41) == TaskIdMap::kNone);
}

TEST_CASE("the sorted order renumbers lanes by id, and is empty when they are in order already") {
    TaskIdMap inOrder;
    for (std::int64_t id : {0, 1, 5, 1000000}) inOrder.lane(id);
    CHECK(inOrder.sortedOrder().empty());

    TaskIdMap m;
    for (std::int64_t id : {30, 10, 40, 20}) m.lane(id);
    CHECK(m.sortedOrder() == std::vector<std::int32_t>{2, 0, 3, 1});
}

TEST_CASE("a dense run of ids stays in the direct table however it starts") {
    // A huge id first must not stop the small ones that follow from being
    // looked up directly (and must not size anything by itself).
    TaskIdMap m;
    m.lane(std::int64_t{1} << 30);
    for (std::int64_t id = 0; id < 200000; ++id) REQUIRE(m.lane(id) == static_cast<std::int32_t>(id + 1));
    for (std::int64_t id = 0; id < 200000; ++id) REQUIRE(m.find(id) == static_cast<std::int32_t>(id + 1));
    CHECK(m.find(std::int64_t{1} << 30) == 0);
}

TEST_CASE("truncating forgets the last lanes and their ids, keeping the others") {
    TaskIdMap m;
    for (std::int64_t id : {std::int64_t{5}, std::int64_t{1}, std::int64_t{1} << 40, std::int64_t{3}}) m.lane(id);
    m.truncate(2);
    CHECK(m.size() == 2);
    CHECK(m.ids() == std::vector<std::int64_t>{5, 1});
    CHECK(m.find(std::int64_t{1} << 40) == TaskIdMap::kNone);
    CHECK(m.find(3) == TaskIdMap::kNone);
    CHECK(m.find(1) == 1);
    CHECK(m.lane(3) == 2);  // a forgotten id gets a new lane
    m.truncate(1);
    CHECK(m.sortedOrder().empty());  // one lane is in order
}

TEST_CASE("task ids that are their own lanes map to themselves, in order") {
    TaskIdMap m;
    for (std::int64_t id = 0; id < 1000; ++id) REQUIRE(m.lane(id) == id);
    CHECK(m.lane(5) == 5);  // seen again
    CHECK(m.size() == 1000);
    CHECK(m.find(999) == 999);
    CHECK(m.find(1000) == TaskIdMap::kNone);
    CHECK(m.find(-1) == TaskIdMap::kNone);
    std::vector<std::int64_t> want(1000);
    std::iota(want.begin(), want.end(), std::int64_t{0});
    CHECK(m.ids() == want);
    CHECK(m.sortedOrder().empty());
}

TEST_CASE("the first id that is not its lane keeps every lane so far and goes on as a map") {
    TaskIdMap m;
    for (std::int64_t id = 0; id < 10; ++id) REQUIRE(m.lane(id) == id);
    CHECK(m.lane(15) == 10);  // a gap: the next lane, not lane 15
    CHECK(m.lane(10) == 11);
    CHECK(m.lane(3) == 3);    // the lanes before it answer as before
    CHECK(m.lane(15) == 10);
    CHECK(m.lane(std::int64_t{1} << 40) == 12);  // a sparse one
    CHECK(m.size() == 13);
    CHECK(m.find(9) == 9);
    CHECK(m.find(11) == TaskIdMap::kNone);
    CHECK(m.find(std::int64_t{1} << 40) == 12);
    const std::vector<std::int64_t> ids = m.ids();
    REQUIRE(ids.size() == 13);
    CHECK(ids[9] == 9);
    CHECK(ids[10] == 15);
    CHECK(ids[11] == 10);
    CHECK(ids[12] == std::int64_t{1} << 40);
    // In id order: 15 after 10.
    const std::vector<std::int32_t> to = m.sortedOrder();
    REQUIRE(to.size() == 13);
    CHECK(to[10] == 11);
    CHECK(to[11] == 10);
    CHECK(to[12] == 12);
    CHECK(to[4] == 4);
}

TEST_CASE("a map whose first id is not 0 is a map from the start") {
    TaskIdMap m;
    CHECK(m.lane(7) == 0);
    CHECK(m.lane(0) == 1);
    CHECK(m.find(7) == 0);
    CHECK(m.find(1) == TaskIdMap::kNone);
    CHECK(m.ids() == std::vector<std::int64_t>{7, 0});
    CHECK(m.sortedOrder() == std::vector<std::int32_t>{1, 0});
}

TEST_CASE("truncating own-lane ids forgets the lanes past the cut, and they come back as before") {
    TaskIdMap m;
    for (std::int64_t id = 0; id < 5; ++id) m.lane(id);
    m.truncate(2);
    CHECK(m.size() == 2);
    CHECK(m.find(2) == TaskIdMap::kNone);
    CHECK(m.lane(2) == 2);
    CHECK(m.lane(3) == 3);
    CHECK(m.size() == 4);
    m.truncate(10);  // past the end: nothing
    CHECK(m.size() == 4);
    // Truncated after leaving identity: the same as the map did before.
    m.lane(9);
    m.truncate(4);
    CHECK(m.find(9) == TaskIdMap::kNone);
    CHECK(m.lane(4) == 4);
    CHECK(m.ids() == std::vector<std::int64_t>{0, 1, 2, 3, 4});
    CHECK(m.sortedOrder().empty());
}
