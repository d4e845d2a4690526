# Shared compile settings for Coroscope's own targets (not for third-party code).

# Warnings on every target we own; -Werror only where asked (CI), so that a
# new compiler's new warning does not break a user's build.
function(coroscope_target_defaults target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
        if(COROSCOPE_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    elseif(MSVC)
        target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${COROSCOPE_WERROR}>:/WX>)
    endif()
endfunction()

# Sanitizers and fuzzing instrument everything built in that tree (core, CLI,
# tests) so that the runtime sees every allocation; the GUI is off there.
macro(coroscope_setup_instrumentation)
    if(COROSCOPE_SANITIZE OR COROSCOPE_FUZZ)
        add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                            -fno-sanitize-recover=undefined)
        add_link_options(-fsanitize=address,undefined)
    endif()
    if(COROSCOPE_FUZZ AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        # Coverage feedback for libFuzzer in all code the fuzzer reaches; only
        # the fuzz target itself links the libFuzzer runtime (-fsanitize=fuzzer).
        add_compile_options(-fsanitize=fuzzer-no-link)
    endif()
endmacro()
