#pragma once
// Which Python interpreters run programs on the virtual clock, and how each
// is named to the user (the CLI's summary and stderr, the app's editor).
//
// The runner (resources/python/coroscope_trace/runner.py) runs CPython
// 3.11's own asyncio on a virtual clock. 3.11.7 is the version the engine
// copies; Debian 12's /usr/bin/python3 is 3.11.2, whose asyncio differs in
// places (the order asyncio.wait/as_completed start their coroutines): both
// are tested and labelled. Another 3.11.x runs, labelled as untested; any
// other version is refused, before the program runs.
#include <optional>
#include <string>

namespace cs {

class PythonVersion {
public:
    enum class Support { Reference, Debian, Untested, Refused };

    // "3.11.7" -> {3, 11, 7}; nullopt when it is not three dot-separated numbers.
    struct Parts {
        int major = 0, minor = 0, micro = 0;
    };
    static std::optional<Parts> parse(const std::string& version);

    static Support support(const std::string& version);
    // "Python 3.11.7 (/usr/bin/python3)", with a note for 3.11.2 and an
    // untested 3.11.x: what the app's toolbar and the CLI print.
    static std::string describe(const std::string& version, const std::string& executable);
    // The one-line reason a refused version cannot run programs ("" when it can).
    static std::string refusal(const std::string& version, const std::string& executable);
};

}  // namespace cs
