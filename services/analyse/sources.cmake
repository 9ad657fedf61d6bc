# services/analyse/sources.cmake: OCDS and DECP parsers, the multi-part splitter (library
# vg_sources), the eForms business-term map (built into vg_parse), their tests and the parse
# bench. Included from services/analyse/CMakeLists.txt; vg_sources reuses vg_parse's helpers.

# eforms-fields.tsv becomes a C string in the library (no file to find at run time).
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${CMAKE_CURRENT_SOURCE_DIR}/eforms-fields.tsv)
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/eforms-fields.tsv VG_BT_TSV)
string(REPLACE "\\" "\\\\" VG_BT_TSV "${VG_BT_TSV}")
string(REPLACE "\"" "\\\"" VG_BT_TSV "${VG_BT_TSV}")
string(REPLACE "\t" "\\t" VG_BT_TSV "${VG_BT_TSV}")
string(REPLACE "\n" "\\n\"\n    \"" VG_BT_TSV "${VG_BT_TSV}")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/vg_bt_table.c.in
               ${CMAKE_CURRENT_BINARY_DIR}/vg_bt_table.c @ONLY)
target_sources(vg_parse PRIVATE vg_bt_map.c ${CMAKE_CURRENT_BINARY_DIR}/vg_bt_table.c)

add_library(vg_sources STATIC vg_ocds.c vg_decp.c vg_split.c)
target_include_directories(vg_sources PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(vg_sources PUBLIC vg_parse vg_common PkgConfig::JANSSON PkgConfig::LIBXML2)

# the corpus walk and the spot table cover OCDS and DECP too
target_link_libraries(test_parse_spot PRIVATE vg_sources)
target_link_libraries(test_parse_corpus PRIVATE vg_sources)

add_executable(test_bt_map tests/test_bt_map.c)
target_link_libraries(test_bt_map PRIVATE vg_parse PkgConfig::JANSSON PkgConfig::CMOCKA)
add_test(NAME analyse.bt_map COMMAND test_bt_map ${VIGIE_CORPORA})

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
