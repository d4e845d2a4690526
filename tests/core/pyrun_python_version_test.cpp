#include <catch2/catch.hpp>

#include "pyrun/python_version.h"

using cs::PythonVersion;
using Support = PythonVersion::Support;

TEST_CASE("python version: 3.11.7 is the reference and 3.11.2 is Debian's, both supported") {
    CHECK(PythonVersion::support("3.11.7") == Support::Reference);
    CHECK(PythonVersion::support("3.11.2") == Support::Debian);
    CHECK(PythonVersion::refusal("3.11.7", "/p").empty());
    CHECK(PythonVersion::refusal("3.11.2", "/usr/bin/python3").empty());
    CHECK(PythonVersion::describe("3.11.7", "/p/python3") == "Python 3.11.7 (/p/python3)");
    CHECK(PythonVersion::describe("3.11.2", "/usr/bin/python3").find("Debian") != std::string::npos);
}

TEST_CASE("python version: another 3.11 runs, labelled untested") {
    CHECK(PythonVersion::support("3.11.9") == Support::Untested);
    CHECK(PythonVersion::refusal("3.11.9", "/p").empty());
    CHECK(PythonVersion::describe("3.11.9", "/p").find("untested") != std::string::npos);
}

TEST_CASE("python version: other versions and garbage are refused with the version and the path named") {
    for (const char* v : {"3.12.1", "3.10.13", "2.7.18", "4.11.0", "", "3.11", "three"}) {
        INFO(v);
        CHECK(PythonVersion::support(v) == Support::Refused);
        const std::string why = PythonVersion::refusal(v, "/opt/py/bin/python3");
        CHECK(why.find("/opt/py/bin/python3") != std::string::npos);
        CHECK(why.find("3.11") != std::string::npos);
    }
}

TEST_CASE("python version: parse reads three numbers and ignores a release tag") {
    const auto p = PythonVersion::parse("3.11.0rc1");
    REQUIRE(p);
    CHECK(p->major == 3);
    CHECK(p->minor == 11);
    CHECK(p->micro == 0);
    CHECK_FALSE(PythonVersion::parse("3..1"));
    CHECK_FALSE(PythonVersion::parse("3.11"));
}
