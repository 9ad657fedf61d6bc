
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/services/common/vg_config.c" "services/common/CMakeFiles/vg_common.dir/vg_config.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_config.c.o.d"
  "/work/main/services/common/vg_doc.c" "services/common/CMakeFiles/vg_common.dir/vg_doc.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_doc.c.o.d"
  "/work/main/services/common/vg_doc_json.c" "services/common/CMakeFiles/vg_common.dir/vg_doc_json.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_doc_json.c.o.d"
  "/work/main/services/common/vg_file.c" "services/common/CMakeFiles/vg_common.dir/vg_file.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_file.c.o.d"
  "/work/main/services/common/vg_hash.c" "services/common/CMakeFiles/vg_common.dir/vg_hash.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_hash.c.o.d"
  "/work/main/services/common/vg_log.c" "services/common/CMakeFiles/vg_common.dir/vg_log.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_log.c.o.d"
  "/work/main/services/common/vg_signal.c" "services/common/CMakeFiles/vg_common.dir/vg_signal.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_signal.c.o.d"
  "/work/main/services/common/vg_status.c" "services/common/CMakeFiles/vg_common.dir/vg_status.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_status.c.o.d"
  "/work/main/services/common/vg_wire.c" "services/common/CMakeFiles/vg_common.dir/vg_wire.c.o" "gcc" "services/common/CMakeFiles/vg_common.dir/vg_wire.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
