# CMake generated Testfile for 
# Source directory: /work/main/services/api
# Build directory: /work/main/build/services/api
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[api.http]=] "/usr/bin/python3" "/work/main/services/api/tests/api_http_test.py" "--api" "/work/main/build/bin/vigie-api" "--fixture" "/work/main/build/bin/api_fixture_db" "--ui" "/work/main/services/api/ui")
set_tests_properties([=[api.http]=] PROPERTIES  TIMEOUT "120" _BACKTRACE_TRIPLES "/work/main/services/api/CMakeLists.txt;14;add_test;/work/main/services/api/CMakeLists.txt;0;")
