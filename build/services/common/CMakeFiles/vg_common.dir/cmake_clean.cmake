file(REMOVE_RECURSE
  "CMakeFiles/vg_common.dir/vg_config.c.o"
  "CMakeFiles/vg_common.dir/vg_config.c.o.d"
  "CMakeFiles/vg_common.dir/vg_doc.c.o"
  "CMakeFiles/vg_common.dir/vg_doc.c.o.d"
  "CMakeFiles/vg_common.dir/vg_doc_json.c.o"
  "CMakeFiles/vg_common.dir/vg_doc_json.c.o.d"
  "CMakeFiles/vg_common.dir/vg_file.c.o"
  "CMakeFiles/vg_common.dir/vg_file.c.o.d"
  "CMakeFiles/vg_common.dir/vg_hash.c.o"
  "CMakeFiles/vg_common.dir/vg_hash.c.o.d"
  "CMakeFiles/vg_common.dir/vg_log.c.o"
  "CMakeFiles/vg_common.dir/vg_log.c.o.d"
  "CMakeFiles/vg_common.dir/vg_signal.c.o"
  "CMakeFiles/vg_common.dir/vg_signal.c.o.d"
  "CMakeFiles/vg_common.dir/vg_status.c.o"
  "CMakeFiles/vg_common.dir/vg_status.c.o.d"
  "CMakeFiles/vg_common.dir/vg_wire.c.o"
  "CMakeFiles/vg_common.dir/vg_wire.c.o.d"
  "libvg_common.a"
  "libvg_common.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/vg_common.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
