# Writes the version header with the current git revision at every build;
# configure_file leaves the file untouched when nothing changed, so only a new
# revision triggers a rebuild of the few files that include it.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE EDUSIM_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE EDUSIM_GIT_DIRTY OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
# EDUSIM_GIT_CLEAN: whether the build's tracked files were those of the commit (false when
# they were modified, or when the tree is not known because the build is outside git).
set(EDUSIM_GIT_CLEAN "false")
if(NOT EDUSIM_GIT_REVISION)
  set(EDUSIM_GIT_REVISION "unknown")
elseif(EDUSIM_GIT_DIRTY)
  string(APPEND EDUSIM_GIT_REVISION "-dirty")
else()
  set(EDUSIM_GIT_CLEAN "true")
endif()
configure_file(${SOURCE_DIR}/sim/core/version.hpp.in ${OUTPUT} @ONLY)
