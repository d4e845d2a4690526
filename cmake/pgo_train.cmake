# cmake -DCLI=... -DDATA=... -DFILES="a.json|b.json" -P pgo_train.cmake
# Runs the instrumented coroscope-cli on each scenario, after clearing the
# counters of the previous training (they would add up), then stamps DATA.
file(REMOVE_RECURSE "${DATA}")
file(MAKE_DIRECTORY "${DATA}")
string(REPLACE "|" ";" files "${FILES}")
foreach(f IN LISTS files)
    execute_process(COMMAND "${CLI}" run "${f}" --summary
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "PGO training: ${CLI} run ${f} exited with ${rc}: ${err}")
    endif()
endforeach()
file(TOUCH "${DATA}/trained.stamp")
