#pragma once
// Maps exception class names to their index in Scenario::excNames with a hash
// table: Scenario::internExc is a linear scan, and an input with a million
// distinct names must not take a million squared steps to load.
#include <cstdint>
#include <string>
#include <unordered_map>

#include "model/scenario.h"

namespace cs {

class ExcInterner {
public:
    explicit ExcInterner(Scenario& s) : s_(s) {
        for (std::size_t i = 0; i < s.excNames.size(); ++i)
            index_.emplace(s.excNames[i], static_cast<std::int32_t>(i));
    }

    std::int32_t intern(const std::string& name) {
        const auto [it, added] = index_.try_emplace(name, static_cast<std::int32_t>(s_.excNames.size()));
        if (added) s_.excNames.push_back(name);
        return it->second;
    }

    void clear() {
        index_.clear();
        s_.excNames.clear();
    }

private:
    Scenario& s_;
    std::unordered_map<std::string, std::int32_t> index_;
};

}  // namespace cs
