#include "scenario/sax_builder.h"

#include <string>

#include "text/message_text.h"

namespace cs {

bool SaxBuilder::parse(std::string_view text) {
    root_ = json();
    frames_.clear();
    tasksFrame_ = kNoFrame;
    taskCount_ = 0;
    sawTasks_ = false;
    error_.reset();
    const bool ok = json::sax_parse(text.begin(), text.end(), this);
    if (!ok && !error_) error_ = LoadError{"", "not JSON"};
    return ok && !error_;
}

SaxBuilder::json* SaxBuilder::place(json&& v) {
    if (frames_.empty()) {
        root_ = std::move(v);
        return &root_;
    }
    Frame& f = frames_.back();
    if (f.isArray) {
        f.node->push_back(std::move(v));
        return &f.node->back();
    }
    // A repeated key replaces the earlier value, as nlohmann's own parser does.
    json& slot = (*f.node)[f.key];
    slot = std::move(v);
    return &slot;
}

void SaxBuilder::completed() {
    if (frames_.empty()) return;
    Frame& f = frames_.back();
    if (!f.isArray) return;
    if (frames_.size() - 1 == tasksFrame_) {
        ++taskCount_;
        if (onTask) onTask(f.node->back(), f.count);
        f.node->clear();  // the element has been used; keep memory flat
    }
    ++f.count;
}

bool SaxBuilder::scalar(json&& v) {
    place(std::move(v));
    completed();
    return true;
}

bool SaxBuilder::open(json&& container, bool isArray) {
    if (frames_.size() >= kMaxDepth) {
        error_ = LoadError{"", "nested more than " + std::to_string(kMaxDepth) + " levels deep"};
        return false;
    }
    const bool isTasks = isArray && frames_.size() == 1 && !frames_[0].isArray &&
                         frames_[0].key == "tasks";
    json* node = place(std::move(container));
    frames_.push_back(Frame{node, isArray, {}, 0});
    if (isTasks) {
        tasksFrame_ = frames_.size() - 1;
        taskCount_ = 0;
        sawTasks_ = true;
        if (onTasksBegin) onTasksBegin();
    }
    return true;
}

bool SaxBuilder::close() {
    if (frames_.size() - 1 == tasksFrame_) tasksFrame_ = kNoFrame;
    frames_.pop_back();
    completed();
    return true;
}

bool SaxBuilder::null() { return scalar(json(nullptr)); }
bool SaxBuilder::boolean(bool v) { return scalar(json(v)); }
bool SaxBuilder::number_integer(json::number_integer_t v) { return scalar(json(v)); }
bool SaxBuilder::number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
bool SaxBuilder::number_float(json::number_float_t v, const json::string_t&) {
    return scalar(json(v));
}
bool SaxBuilder::string(json::string_t& v) { return scalar(json(std::move(v))); }
bool SaxBuilder::binary(json::binary_t&) { return false; }  // not produced by JSON text
bool SaxBuilder::start_object(std::size_t) { return open(json::object(), false); }
bool SaxBuilder::key(json::string_t& k) {
    frames_.back().key = std::move(k);
    return true;
}
bool SaxBuilder::end_object() { return close(); }
bool SaxBuilder::start_array(std::size_t) { return open(json::array(), true); }
bool SaxBuilder::end_array() { return close(); }

std::string SaxBuilder::currentPath() const {
    std::string path;
    for (const Frame& f : frames_) {
        if (f.isArray) {
            path += '[';
            path += std::to_string(f.count);
            path += ']';
        } else {
            if (!path.empty()) path += '.';
            path += f.key;
        }
    }
    return path;
}

bool SaxBuilder::parse_error(std::size_t, const std::string&,
                             const nlohmann::detail::exception& ex) {
    // 406: a number literal that overflows a double (1e400). It is a
    // well-formed JSON number, so report it like any other bad field.
    if (ex.id == 406) {
        error_ = LoadError{currentPath(), "must be finite"};
        return false;
    }
    std::string what = ex.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    if (!what.empty() && what.front() == '[') {
        const auto end = what.find("] ");
        if (end != std::string::npos) what.erase(0, end + 2);
    }
    // nlohmann quotes the bytes it last read, whatever they are: escape them.
    error_ = LoadError{"", "not JSON: " + MessageText::printable(what)};
    return false;
}

}  // namespace cs
