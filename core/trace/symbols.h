#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

// Interned exception class names. Ids are stable for the life of a run.
class Symbols {
public:
    std::int32_t intern(std::string_view name) {
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name) return static_cast<std::int32_t>(i);
        names_.emplace_back(name);
        return static_cast<std::int32_t>(names_.size() - 1);
    }
    // A new id even if the name exists (a user class that only shares the
    // name of a builtin, e.g. an Exception subclass called CancelledError).
    std::int32_t add(std::string_view name) {
        names_.emplace_back(name);
        return static_cast<std::int32_t>(names_.size() - 1);
    }
    std::string_view name(std::int32_t id) const {
        return id >= 0 && static_cast<std::size_t>(id) < names_.size() ? std::string_view(names_[id])
                                                                       : std::string_view("?");
    }
    std::size_t size() const { return names_.size(); }

private:
    std::vector<std::string> names_;
};

}  // namespace cs
