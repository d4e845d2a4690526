# Script mode (cmake -P): writes CTEST_FILE with one add_test per test case of
# TEST_EXECUTABLE (a Catch2 v2 binary). See CoroscopeCatchDiscover.cmake.
#   -D TEST_EXECUTABLE=... -D TEST_PREFIX=... -D TEST_WORKING_DIR=... -D CTEST_FILE=...
execute_process(
    COMMAND "${TEST_EXECUTABLE}" --list-test-names-only
    OUTPUT_VARIABLE output
    RESULT_VARIABLE result
    WORKING_DIRECTORY "${TEST_WORKING_DIR}")
# Catch exits with the number of tests listed; only a crash is an error.
if(NOT result MATCHES "^[0-9]+$")
    message(FATAL_ERROR "Cannot list the tests of ${TEST_EXECUTABLE}: ${result}\n${output}")
endif()

# Hide the characters that CMake's list handling interprets before splitting
# into lines; each name gets them back below.
string(REPLACE "[" "@CS_LB@" output "${output}")
string(REPLACE "]" "@CS_RB@" output "${output}")
string(REPLACE ";" "@CS_SC@" output "${output}")
string(REPLACE "\r" "" output "${output}")
string(REPLACE "\n" ";" lines "${output}")

# `cmake -D` drops trailing spaces, so the separator is added here.
if(NOT TEST_PREFIX STREQUAL "")
    set(TEST_PREFIX "${TEST_PREFIX} ")
endif()

set(script "")
set(count 0)
foreach(line IN LISTS lines)
    if(line STREQUAL "")
        continue()
    endif()
    string(REPLACE "@CS_LB@" "[" name "${line}")
    string(REPLACE "@CS_RB@" "]" name "${name}")
    string(REPLACE "@CS_SC@" ";" name "${name}")
    # The same name as a Catch test spec: backslash-escape what the spec
    # parser treats specially (separators, tags, wildcards, quotes, negation).
    set(spec "${name}")
    foreach(c "\\" "," "[" "]" "*" "\"" "~")
        string(REPLACE "${c}" "\\${c}" spec "${spec}")
    endforeach()
    # A leading '-' would read as a command-line option: escape it too.
    if(spec MATCHES "^-")
        set(spec "\\${spec}")
    endif()
    string(APPEND script
        "add_test([==[${TEST_PREFIX}${name}]==] [==[${TEST_EXECUTABLE}]==] [==[${spec}]==])\n"
        "set_tests_properties([==[${TEST_PREFIX}${name}]==] PROPERTIES"
        " WORKING_DIRECTORY [==[${TEST_WORKING_DIR}]==])\n")
    math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
    message(WARNING "${TEST_EXECUTABLE} lists no tests")
endif()
file(WRITE "${CTEST_FILE}" "${script}")
