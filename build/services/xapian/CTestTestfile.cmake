# CMake generated Testfile for 
# Source directory: /work/main/services/xapian
# Build directory: /work/main/build/services/xapian
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[xapian.stemming]=] "/work/main/build/bin/test_vg_xap" "stemming")
set_tests_properties([=[xapian.stemming]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.folding]=] "/work/main/build/bin/test_vg_xap" "folding")
set_tests_properties([=[xapian.folding]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.prefixes]=] "/work/main/build/bin/test_vg_xap" "prefixes")
set_tests_properties([=[xapian.prefixes]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.ranges]=] "/work/main/build/bin/test_vg_xap" "ranges")
set_tests_properties([=[xapian.ranges]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.cpv]=] "/work/main/build/bin/test_vg_xap" "cpv")
set_tests_properties([=[xapian.cpv]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.facets]=] "/work/main/build/bin/test_vg_xap" "facets")
set_tests_properties([=[xapian.facets]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.idempotent]=] "/work/main/build/bin/test_vg_xap" "idempotent")
set_tests_properties([=[xapian.idempotent]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.get]=] "/work/main/build/bin/test_vg_xap" "get")
set_tests_properties([=[xapian.get]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.shards]=] "/work/main/build/bin/test_vg_xap" "shards")
set_tests_properties([=[xapian.shards]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.locked]=] "/work/main/build/bin/test_vg_xap" "locked")
set_tests_properties([=[xapian.locked]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.reopen]=] "/work/main/build/bin/test_vg_xap" "reopen")
set_tests_properties([=[xapian.reopen]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.badquery]=] "/work/main/build/bin/test_vg_xap" "badquery")
set_tests_properties([=[xapian.badquery]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
add_test([=[xapian.kinds]=] "/work/main/build/bin/test_vg_xap" "kinds")
set_tests_properties([=[xapian.kinds]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/xapian/CMakeLists.txt;15;add_test;/work/main/services/xapian/CMakeLists.txt;0;")
