# CMake generated Testfile for 
# Source directory: /work/main/services/analyse
# Build directory: /work/main/build/services/analyse
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[parse.corpus]=] "/work/main/build/bin/test_parse_corpus" "/work/main/../shared/corpora")
set_tests_properties([=[parse.corpus]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/analyse/CMakeLists.txt;12;add_test;/work/main/services/analyse/CMakeLists.txt;0;")
add_test([=[parse.spot]=] "/work/main/build/bin/test_parse_spot" "/work/main/../shared/corpora")
set_tests_properties([=[parse.spot]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/analyse/CMakeLists.txt;13;add_test;/work/main/services/analyse/CMakeLists.txt;0;")
add_test([=[parse.hostile]=] "/work/main/build/bin/test_parse_hostile")
set_tests_properties([=[parse.hostile]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/analyse/CMakeLists.txt;14;add_test;/work/main/services/analyse/CMakeLists.txt;0;")
add_test([=[segment.rules]=] "/work/main/build/bin/test_segment_rules")
set_tests_properties([=[segment.rules]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/services/analyse/CMakeLists.txt;15;add_test;/work/main/services/analyse/CMakeLists.txt;0;")
