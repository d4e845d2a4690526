#pragma once
// The PATH of a sweep (`--param limit.value`): a field of the scenario
// document, written as the loader's error paths write it
// ("limit.max_per_second", "service.rate_limit.per_second",
// "generate.arrive.rate", "tasks[3].steps[0].io").
//
// The sweep edits the JSON document and lets parseScenario read it, so every
// field the loader knows can be swept and every bound it checks still holds.
// Whether a path is a field of *this* scenario is asked of the loader too:
// the field is set to a string, and a loader that reads it answers "must be
// a number" *at that path*; a field it ignores (a typo, `limit.workers`
// under a semaphore) parses fine, and is refused here.
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace cs::lab {

class ParamPath {
public:
    using json = nlohmann::json;

    // Splits "a.b[2].c"; an error message when the text is not a path.
    static std::variant<ParamPath, std::string> parse(const std::string& text);

    const std::string& text() const { return text_; }

    // Sets the field in `doc`, creating missing objects on the way (so that
    // executor.max_workers works on a file without "executor"). Arrays are
    // never grown. Returns an error message when the path runs into
    // something that is not an object (or an array index out of range).
    std::optional<std::string> assign(json& doc, json value) const;

    // nullopt when the loader reads this field of `doc`; otherwise the
    // message "not a field of this scenario" (or why the path cannot be set).
    std::optional<std::string> checkKnown(const json& doc) const;

private:
    struct Segment {
        std::string key;                  // object member (empty for a bare index)
        std::vector<std::size_t> indices; // then [i][j]...
    };
    std::string text_;
    std::vector<Segment> segments_;
};

}  // namespace cs::lab
