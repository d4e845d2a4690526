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
