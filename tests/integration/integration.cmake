# Multi-process integration tests: real vigie processes, ZeroMQ sockets, Xapian and HTTP.
# They need the trained clause model (`cmake --build build --target models`).
add_test(NAME integration.pipeline
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_pipeline.py
                 ${CMAKE_BINARY_DIR}/bin ${VIGIE_CORPORA})
set_tests_properties(integration.pipeline PROPERTIES TIMEOUT 1200 RUN_SERIAL TRUE)
