# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[unit.doc]=] "/work/main/build/bin/test_doc")
set_tests_properties([=[unit.doc]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;6;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.wire]=] "/work/main/build/bin/test_wire")
set_tests_properties([=[unit.wire]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;6;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[unit.journal]=] "/work/main/build/bin/test_journal")
set_tests_properties([=[unit.journal]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;6;add_test;/work/main/tests/CMakeLists.txt;0;")
