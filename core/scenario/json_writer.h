#pragma once
// A small streaming JSON writer for toJson: a million-task scenario is written
// straight into one string instead of being built as a DOM first. Layout with
// indent >= 0 matches Python's json.dumps(indent=n) (and nlohmann's dump(n)),
// so expanded files look like the spec's examples; indent < 0 is compact;
// kOneLine is one line as json.dumps() writes it (", " and ": ": a trace's line).
// Doubles print as the shortest text that reads back as the same double, with
// ".0" on integral values so that Python reads a float.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

class JsonWriter {
public:
    static constexpr int kOneLine = -2;
    explicit JsonWriter(int indent) : indent_(indent) {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void key(std::string_view k);

    void value(double x);
    void value(std::int64_t x);
    void value(bool b);
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }  // not the bool overload
    // Text that is already valid JSON (e.g. a cached escaped string).
    void raw(std::string_view json);

    static std::string quoted(std::string_view s);  // "..." with JSON escapes
    static void appendQuoted(std::string& out, std::string_view s);

    std::string take() { return std::move(out_); }

private:
    void open(char c);
    void close(char c);
    void beforeValue();
    void newline(std::size_t depth);

    int indent_;
    std::string out_;
    std::vector<bool> hasItems_;  // per open container
    bool afterKey_ = false;
};

}  // namespace cs
