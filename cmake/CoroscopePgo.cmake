# Profile-guided optimisation of the engine (COROSCOPE_PGO, Release + GCC,
# not in sanitizer or fuzz trees).
#
# 1. An instrumented copy of coroscope-cli is built in <build>/pgo-gen (the
#    same sources, -fprofile-generate, no GUI, no tests; an ExternalProject
#    that is re-built incrementally with every build).
# 2. It runs a training set (the million-task benchmark, the bundled
#    scenarios and experiments): its counters land in <build>/pgo-data.
# 3. The core library is compiled with -fprofile-use from them.
#
# The profile names objects by their path below the build directory, which is
# the same in both trees (-fprofile-prefix-path). Functions the training never
# ran keep the usual optimisation (-fprofile-partial-training). When a core
# source changes, the profile is retrained but only changed objects are
# recompiled: a slightly stale profile is harmless (-Wno-coverage-mismatch
# drops it for changed functions); clean builds are always consistent.
include(ExternalProject)

function(coroscope_pgo target)
    coroscope_speed_option_enabled(COROSCOPE_PGO _pgo)
    if(NOT _pgo)
        return()
    endif()
    set(_gen "${CMAKE_BINARY_DIR}/pgo-gen")
    set(_data "${CMAKE_BINARY_DIR}/pgo-data")
    set(_cli "${_gen}/app/cli/coroscope-cli")
    ExternalProject_Add(coroscope_pgo_generate
        SOURCE_DIR "${CMAKE_SOURCE_DIR}"
        BINARY_DIR "${_gen}"
        CMAKE_ARGS
            -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
            "-DCMAKE_CXX_FLAGS=-fprofile-generate=${_data} -fprofile-prefix-path=${_gen} -fprofile-update=prefer-atomic"
            -DCOROSCOPE_BUILD_GUI=OFF -DCOROSCOPE_BUILD_TESTS=OFF -DCOROSCOPE_BENCH=OFF
            -DCOROSCOPE_LTO=OFF -DCOROSCOPE_PGO=OFF -DCOROSCOPE_WERROR=OFF
        BUILD_COMMAND "${CMAKE_COMMAND}" --build "${_gen}" --target coroscope-cli
        BUILD_ALWAYS ON
        BUILD_BYPRODUCTS "${_cli}"
        INSTALL_COMMAND ""
        USES_TERMINAL_BUILD ON)
    file(GLOB _training CONFIGURE_DEPENDS
         "${CMAKE_SOURCE_DIR}/resources/scenarios/*.json"
         "${CMAKE_SOURCE_DIR}/resources/experiments/*.json")
    list(PREPEND _training "${CMAKE_SOURCE_DIR}/tests/bench/million.json")
    string(REPLACE ";" "|" _training_arg "${_training}")
    add_custom_command(
        OUTPUT "${_data}/trained.stamp"
        COMMAND "${CMAKE_COMMAND}" -DCLI=${_cli} -DDATA=${_data} "-DFILES=${_training_arg}"
                -P "${CMAKE_SOURCE_DIR}/cmake/pgo_train.cmake"
        DEPENDS "${_cli}" coroscope_pgo_generate "${CMAKE_SOURCE_DIR}/cmake/pgo_train.cmake" ${_training}
        COMMENT "Training the engine's profile (PGO)"
        VERBATIM)
    add_custom_target(coroscope_pgo_profile DEPENDS "${_data}/trained.stamp")
    add_dependencies(${target} coroscope_pgo_profile)
    target_compile_options(${target} PRIVATE
        "-fprofile-use=${_data}" "-fprofile-prefix-path=${CMAKE_BINARY_DIR}"
        -fprofile-partial-training -Wno-missing-profile -Wno-coverage-mismatch)
endfunction()
