#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "trace/py_float.h"

// Expected strings are CPython 3.11's repr() of the same doubles (the values
// are given by their exact bit patterns via hex float literals where a
// decimal literal would hide the point of the case).
TEST_CASE("doubles print exactly as CPython's repr prints them") {
    struct Row { double x; const char* python; };
    const Row table[] = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1.0, "1.0"},
        {0.1, "0.1"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1e-05, "1e-05"},
        {0.0001, "0.0001"},
        {0.000123, "0.000123"},
        {1.5e-07, "1.5e-07"},
        {1e16, "1e+16"},
        {1e15, "1000000000000000.0"},
        {9999999999999998.0, "9999999999999998.0"},
        {12345678901234567.0, "1.2345678901234568e+16"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {1e22, "1e+22"},
        {1e-320, "1e-320"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {100.0, "100.0"},
        {2.5, "2.5"},
        {-2.75, "-2.75"},
        {4.4, "4.4"},
        {1.1 + 1.1 + 1.1, "3.3000000000000003"},
        {1234.5678, "1234.5678"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
    };
    for (const Row& r : table) {
        INFO("python repr " << r.python);
        CHECK(cs::PyFloat::repr(r.x) == r.python);
    }
}

TEST_CASE("non-finite doubles print as json.dumps prints them") {
    CHECK(cs::PyFloat::repr(std::numeric_limits<double>::infinity()) == "Infinity");
    CHECK(cs::PyFloat::repr(-std::numeric_limits<double>::infinity()) == "-Infinity");
    CHECK(cs::PyFloat::repr(std::nan("")) == "NaN");
}

TEST_CASE("every printed double reads back as the same double") {
    // Shortest round-trip is the other half of repr's contract.
    double x = 1e-7;
    for (int i = 0; i < 2000; ++i) {
        const std::string s = cs::PyFloat::repr(x);
        INFO(s);
        CHECK(std::stod(s) == x);
        x = x * 1.37 + 0.001;
    }
}
