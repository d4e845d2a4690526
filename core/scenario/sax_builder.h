#pragma once
// Parses JSON text into an nlohmann::json tree through nlohmann's SAX parser,
// with three things the plain parser does not give us:
//  - a nesting limit, checked as containers open, so "[[[[..." 100k deep is
//    rejected at once (nlohmann's parser is iterative, but the tree it would
//    build is not worth having);
//  - the elements of the top-level "tasks" array are handed to a callback as
//    each one completes and then dropped, so a ten-million-task file never
//    exists as a tree (a tree costs several hundred bytes a task);
//  - the field path of a number too large for a double ("tasks[3].steps[0].io"),
//    which nlohmann reports only as a parse error.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/loader.h"

namespace cs {

class SaxBuilder {
public:
    using json = nlohmann::json;

    static constexpr std::size_t kMaxDepth = 64;

    // Called when the top-level "tasks" array opens (again, if the key repeats:
    // the last one wins, as in a tree) and for each of its elements.
    std::function<void()> onTasksBegin;
    std::function<void(json& element, std::size_t index)> onTask;

    // Parses `text`; false on error (see error()).
    bool parse(std::string_view text);

    json& root() { return root_; }
    // Whether the document had a top-level "tasks" array (its elements went to
    // onTask, so root()["tasks"] is an empty array).
    bool sawTasksArray() const { return sawTasks_; }
    std::size_t taskCount() const { return taskCount_; }
    const std::optional<LoadError>& error() const { return error_; }

    // The SAX interface nlohmann::json::sax_parse calls.
    bool null();
    bool boolean(bool v);
    bool number_integer(json::number_integer_t v);
    bool number_unsigned(json::number_unsigned_t v);
    bool number_float(json::number_float_t v, const json::string_t& text);
    bool string(json::string_t& v);
    bool binary(json::binary_t& v);
    bool start_object(std::size_t elements);
    bool key(json::string_t& k);
    bool end_object();
    bool start_array(std::size_t elements);
    bool end_array();
    bool parse_error(std::size_t position, const std::string& lastToken,
                     const nlohmann::detail::exception& ex);

private:
    struct Frame {
        json* node;
        bool isArray;
        std::string key;        // object: key of the member being read
        std::size_t count = 0;  // array: index of the element being read
    };

    bool scalar(json&& v);
    json* place(json&& v);
    bool open(json&& container, bool isArray);
    bool close();
    void completed();
    std::string currentPath() const;

    static constexpr std::size_t kNoFrame = static_cast<std::size_t>(-1);

    json root_;
    std::vector<Frame> frames_;
    std::size_t tasksFrame_ = kNoFrame;  // index in frames_ of the streamed "tasks"
    std::size_t taskCount_ = 0;
    bool sawTasks_ = false;
    std::optional<LoadError> error_;
};

}  // namespace cs
