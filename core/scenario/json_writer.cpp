#include "scenario/json_writer.h"

#include <charconv>
#include <cmath>

#include "text/json_text.h"

namespace cs {

void JsonWriter::newline(std::size_t depth) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::beforeValue() {
    if (afterKey_) {
        afterKey_ = false;
        return;
    }
    if (hasItems_.empty()) return;
    if (hasItems_.back()) out_ += indent_ == kOneLine ? ", " : ",";
    hasItems_.back() = true;
    newline(hasItems_.size());
}

void JsonWriter::open(char c) {
    beforeValue();
    out_ += c;
    hasItems_.push_back(false);
}

void JsonWriter::close(char c) {
    const bool any = hasItems_.back();
    hasItems_.pop_back();
    if (any) newline(hasItems_.size());  // empty containers print as {} and []
    out_ += c;
}

void JsonWriter::key(std::string_view k) {
    beforeValue();
    appendQuoted(out_, k);
    out_ += indent_ < 0 && indent_ != kOneLine ? ":" : ": ";
    afterKey_ = true;
}

void JsonWriter::value(double x) {
    beforeValue();
    // The loader only accepts finite numbers; should one get here anyway,
    // null keeps the document valid JSON rather than printing "inf".
    if (!std::isfinite(x)) {
        out_ += "null";
        return;
    }
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, x);  // shortest round trip
    const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
    out_ += text;
    if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
}

void JsonWriter::value(std::int64_t x) {
    beforeValue();
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, x);
    out_.append(buf, res.ptr);
}

void JsonWriter::value(bool b) {
    beforeValue();
    out_ += b ? "true" : "false";
}

void JsonWriter::value(std::string_view s) {
    beforeValue();
    appendQuoted(out_, s);
}

void JsonWriter::raw(std::string_view json) {
    beforeValue();
    out_ += json;
}

std::string JsonWriter::quoted(std::string_view s) {
    std::string q;
    q.reserve(s.size() + 2);
    appendQuoted(q, s);
    return q;
}

void JsonWriter::appendQuoted(std::string& q, std::string_view s) {
    // UTF-8 passes through (the parser rejected invalid UTF-8).
    JsonText::appendString(q, s, true);
}

}  // namespace cs
