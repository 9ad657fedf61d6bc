# services/analyse/sources.cmake: OCDS and DECP parsers, the multi-part splitter (library
# vg_sources), the eForms business-term map check, their tests and the parse bench.
# Included from services/analyse/CMakeLists.txt; vg_sources reuses vg_parse's internal helpers.
add_library(vg_sources STATIC vg_ocds.c vg_decp.c vg_split.c)
target_include_directories(vg_sources PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(vg_sources PUBLIC vg_parse vg_common PkgConfig::JANSSON PkgConfig::LIBXML2)

foreach(t ocds decp split)
  add_executable(test_${t} tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE vg_sources PkgConfig::CMOCKA)
endforeach()
add_test(NAME parse.ocds COMMAND test_ocds ${VIGIE_CORPORA})
add_test(NAME parse.decp COMMAND test_decp ${VIGIE_CORPORA})
add_test(NAME parse.split COMMAND test_split ${VIGIE_CORPORA})

# measuring tool, not a test: bench_parse ROUNDS DIR...
add_executable(bench_parse tests/bench_parse.c)
target_link_libraries(bench_parse PRIVATE vg_parse)
