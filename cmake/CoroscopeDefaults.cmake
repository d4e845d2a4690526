# Shared compile settings for Coroscope's own targets (not for third-party code).

# Warnings on every target we own; -Werror only where asked (CI), so that a
# new compiler's new warning does not break a user's build.
function(coroscope_target_defaults target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
        if(COROSCOPE_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
            # GCC 12's flow-sensitive string warnings misfire on inlined
            # std::string code at -O3 (GCC bugs 105329, 105651): still shown,
            # never fatal, so that CI fails only on warnings about our code.
            if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
                target_compile_options(${target} PRIVATE -Wno-error=restrict
                    -Wno-error=stringop-overflow -Wno-error=stringop-overread -Wno-error=array-bounds)
            endif()
        endif()
    elseif(MSVC)
        target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${COROSCOPE_WERROR}>:/WX>)
    endif()
endfunction()

# Sanitizers and fuzzing instrument everything built in that tree (core, CLI,
# tests) so that the runtime sees every allocation; the GUI is off there.
macro(coroscope_setup_instrumentation)
    if(COROSCOPE_FUZZ AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        # Coverage feedback for libFuzzer in all code the fuzzer reaches; only
        # the fuzz target itself links the libFuzzer runtime (-fsanitize=fuzzer).
        # clang 14 cannot combine UBSan with coverage in coroutine frames
        # ("Cannot represent a difference across sections"), so UBSan is added
        # per source to the code the fuzzer drives (coroscope_fuzz_ubsan).
        add_compile_options(-fsanitize=address -fsanitize=fuzzer-no-link -fno-omit-frame-pointer)
        add_link_options(-fsanitize=address,undefined)
    elseif(COROSCOPE_SANITIZE OR COROSCOPE_FUZZ)
        add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                            -fno-sanitize-recover=undefined)
        add_link_options(-fsanitize=address,undefined)
    endif()
endmacro()

# UBSan on the given sources (fuzz builds only, see above).
function(coroscope_fuzz_ubsan)
    if(COROSCOPE_FUZZ AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS
                     -fsanitize=undefined -fno-sanitize-recover=undefined)
    endif()
endfunction()

# Link-time optimisation for the engine (Release, GCC, not in sanitizer or
# fuzz trees): the hot path crosses many small translation units (loop,
# futures, tasks, semaphore, program, sinks) and LTO inlines across them
# (-12% instructions on the million-task run). The core library carries both
# LTO bytecode and ordinary code (fat objects), so that only the targets
# that ask for LTO (coroscope_lto_link: the CLI, the app, the benchmarks) pay
# for the link-time compile; the test binaries link the ordinary code.
option(COROSCOPE_LTO "Link-time optimisation of the engine in Release builds" ON)

# ON in `out` when `switch` (an option's name) is on in a tree that builds
# for speed: Release, GCC, neither sanitizers nor fuzzing (LTO and PGO).
function(coroscope_speed_option_enabled switch out)
    if(${switch} AND CMAKE_BUILD_TYPE STREQUAL "Release" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU"
       AND NOT COROSCOPE_SANITIZE AND NOT COROSCOPE_FUZZ)
        set(${out} ON PARENT_SCOPE)
    else()
        set(${out} OFF PARENT_SCOPE)
    endif()
endfunction()

function(coroscope_lto_enabled out)
    coroscope_speed_option_enabled(COROSCOPE_LTO _on)
    set(${out} ${_on} PARENT_SCOPE)
endfunction()

function(coroscope_lto_objects target)
    coroscope_lto_enabled(_coroscope_lto)
    if(_coroscope_lto)
        target_compile_options(${target} PRIVATE -flto=auto -ffat-lto-objects)
    endif()
endfunction()

# For directories whose executables do not need LTO (the tests): GCC's
# linker plugin would otherwise run the link-time compile on every link that
# sees the core's LTO bytecode; -fno-lto links its ordinary code.
function(coroscope_no_lto_links)
    coroscope_lto_enabled(_coroscope_lto)
    if(_coroscope_lto)
        add_link_options(-fno-lto)
    endif()
endfunction()

# The same for one target.
function(coroscope_no_lto_link target)
    coroscope_lto_enabled(_coroscope_lto)
    if(_coroscope_lto)
        target_link_options(${target} PRIVATE -fno-lto)
    endif()
endfunction()

function(coroscope_lto_link target)
    coroscope_lto_enabled(_coroscope_lto)
    if(_coroscope_lto)
        target_compile_options(${target} PRIVATE -flto=auto)
        # The link-time compile repeats GCC 12's std::string false positives
        # (see coroscope_target_defaults); they are about library code.
        target_link_options(${target} PRIVATE -flto=auto -Wno-restrict -Wno-stringop-overflow
                            -Wno-stringop-overread -Wno-array-bounds)
    endif()
endfunction()

# Test code itself (not the core, CLI or app it tests) is compiled without
# optimisation: a test file takes 40% of its -O3 time, a third of its -O1
# time under ASan+UBSan, and what runs long in a test is the optimised code it
# calls. Sanitizers still instrument it.
# Precompiled headers: the heavy third-party headers (Catch2, nlohmann/json,
# Qt's widgets) that most files of the larger targets include are parsed once
# per target instead of once per file (about 3 s a file). GCC only; not in
# the fuzz tree, whose sources differ in their sanitizer flags.
option(COROSCOPE_PCH "Precompile the heavy third-party headers of the larger targets" ON)
function(coroscope_precompile target)
    if(COROSCOPE_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT COROSCOPE_FUZZ)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()

# The Qt headers most widget files include.
set(COROSCOPE_QT_PCH <QApplication> <QComboBox> <QDockWidget> <QFile> <QLabel> <QPainter> <QPushButton>
    <QString> <QTimer> <QVBoxLayout> <QWidget>)

function(coroscope_test_code target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -O0)
    endif()
endfunction()
