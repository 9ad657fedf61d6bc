# services/analyse/structure.cmake: the dossier structure segmenter (vg_structure.h), built
# into the vg_parse library, its tests and its libFuzzer target.
# Included from services/analyse/CMakeLists.txt.
target_sources(vg_parse PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/vg_structure.c ${CMAKE_CURRENT_SOURCE_DIR}/vg_structure_heading.c)

# test_structure: the fixtures in every format against tests/fixtures/segmentation, tricky
# lines, and (second entry) the real PDFs of the corpora with a crude speed figure.
add_executable(test_structure ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_structure.c)
target_link_libraries(test_structure PRIVATE vg_parse vg_extract_docs PkgConfig::JANSSON
                      PkgConfig::CMOCKA)
add_test(NAME analyse.structure COMMAND test_structure
         ${CMAKE_SOURCE_DIR}/tests/fixtures/dossiers ${CMAKE_SOURCE_DIR}/tests/fixtures/segmentation)
add_test(NAME analyse.structure_corpus COMMAND test_structure --corpus ${VIGIE_CORPORA})

# The libFuzzer target fuzz_structure (fuzz/fuzz_structure.c) is built by fuzz/CMakeLists.txt
# with the other fuzz targets (clang, -DVIGIE_FUZZ=ON); it links vg_parse, which holds us.
