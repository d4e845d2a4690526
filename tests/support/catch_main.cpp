// The one translation unit with Catch2's main(): it is slow to compile, so it
// lives alone in an object library shared by every test executable.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
