# cmake -DAR=... -DSCRIPT=file.mri -P merge_archives.cmake: runs `ar -M` on an MRI script
# (add_custom_command cannot redirect stdin portably).
execute_process(COMMAND ${AR} -M INPUT_FILE ${SCRIPT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${AR} -M ${SCRIPT} failed: ${rc}")
endif()
