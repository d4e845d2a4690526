#include <catch2/catch.hpp>

#include <cstdint>
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
