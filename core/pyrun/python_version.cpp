#include "pyrun/python_version.h"

#include <charconv>

namespace cs {

std::optional<PythonVersion::Parts> PythonVersion::parse(const std::string& version) {
    Parts p;
    int* fields[] = {&p.major, &p.minor, &p.micro};
    const char* s = version.data();
    const char* end = s + version.size();
    for (int i = 0; i < 3; ++i) {
        const auto [next, ec] = std::from_chars(s, end, *fields[i]);
        if (ec != std::errc{} || next == s) return std::nullopt;
        s = next;
        if (i < 2) {
            if (s == end || *s != '.') return std::nullopt;
            ++s;
        }
    }
    // A release tag may follow the micro number ("3.11.0rc1", "3.11.7+").
    return p;
}

PythonVersion::Support PythonVersion::support(const std::string& version) {
    const std::optional<Parts> p = parse(version);
    if (!p || p->major != 3 || p->minor != 11) return Support::Refused;
    if (version == "3.11.7") return Support::Reference;
    if (version == "3.11.2") return Support::Debian;
    return Support::Untested;
}

std::string PythonVersion::describe(const std::string& version, const std::string& executable) {
    std::string s = "Python " + version + " (" + executable + ")";
    switch (support(version)) {
        case Support::Reference: break;
        case Support::Debian: s += ", Debian's: its asyncio differs from 3.11.7 in places"; break;
        case Support::Untested: s += ", untested: 3.11.7 and 3.11.2 are"; break;
        case Support::Refused: s += ", not supported"; break;
    }
    return s;
}

std::string PythonVersion::refusal(const std::string& version, const std::string& executable) {
    if (support(version) != Support::Refused) return {};
    return "Python " + version + " (" + executable +
           ") cannot run programs on the virtual clock: it needs Python 3.11, whose asyncio the clock runs";
}

}  // namespace cs
