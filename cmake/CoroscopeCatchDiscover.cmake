# coroscope_catch_discover(<target> [PREFIX <p>] [WORKING_DIRECTORY <dir>])
#   test names are "<p> <test case name>"
#
# One ctest entry per Catch2 v2 TEST_CASE, like Catch's catch_discover_tests,
# but safe for any sentence-style name: Catch's own script splits the test
# list as a CMake list, and a name with an unbalanced bracket ("numbers in
# [0, 1)") swallows every test after it into one entry. The list is run after
# each link (POST_BUILD) and read back by ctest through TEST_INCLUDE_FILES.
set(_COROSCOPE_CATCH_ADD_TESTS "${CMAKE_CURRENT_LIST_DIR}/CoroscopeCatchAddTests.cmake")

function(coroscope_catch_discover target)
    cmake_parse_arguments(ARG "" "PREFIX;WORKING_DIRECTORY" "" ${ARGN})
    if(NOT ARG_WORKING_DIRECTORY)
        set(ARG_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
    endif()
    set(tests_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_catch_tests.cmake")
    set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_catch_include.cmake")
    add_custom_command(TARGET ${target} POST_BUILD
        BYPRODUCTS "${tests_file}"
        COMMAND "${CMAKE_COMMAND}"
                -D "TEST_EXECUTABLE=$<TARGET_FILE:${target}>"
                -D "TEST_PREFIX=${ARG_PREFIX}"
                -D "TEST_WORKING_DIR=${ARG_WORKING_DIRECTORY}"
                -D "CTEST_FILE=${tests_file}"
                -P "${_COROSCOPE_CATCH_ADD_TESTS}"
        VERBATIM)
    file(WRITE "${include_file}"
         "if(EXISTS \"${tests_file}\")\n"
         "  include(\"${tests_file}\")\n"
         "else()\n"
         "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
         "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
