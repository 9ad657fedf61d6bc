# classifiers/rules.cmake: the rule engine (vg_rules) and its tests (rules.*).
# The catalogue itself is data under classifiers/catalogue/.
set(VG_RULES_DIR ${CMAKE_CURRENT_SOURCE_DIR}/rules)
add_library(vg_rules STATIC
  ${VG_RULES_DIR}/vg_extract.c
  ${VG_RULES_DIR}/vg_catalogue.c
  ${VG_RULES_DIR}/vg_rules_eval.c
  ${VG_RULES_DIR}/vg_check_field.c
  ${VG_RULES_DIR}/vg_check_text.c)
target_include_directories(vg_rules PUBLIC ${VG_RULES_DIR})
target_link_libraries(vg_rules PUBLIC vg_common m)
set(VIGIE_RULES_CATALOGUE ${CMAKE_CURRENT_SOURCE_DIR}/catalogue)

add_executable(vg_rules_test_extract ${VG_RULES_DIR}/tests/test_extract.c)
target_link_libraries(vg_rules_test_extract PRIVATE vg_rules)
add_test(NAME rules.extract COMMAND vg_rules_test_extract)

if(EXISTS ${VG_RULES_DIR}/tests/test_rules.c)
  add_executable(vg_rules_test_rules ${VG_RULES_DIR}/tests/test_rules.c
    ${VG_RULES_DIR}/tests/rules_fixture.c)
  target_link_libraries(vg_rules_test_rules PRIVATE vg_rules)
  foreach(t catalogue outcomes fixtures determinism)
    add_test(NAME rules.${t} COMMAND vg_rules_test_rules ${t} ${VIGIE_RULES_CATALOGUE})
  endforeach()
endif()

# The corpus test needs the notice parser (target vg_parse, services/analyse), which is
# defined after this folder: decide at the end of the top-level configure.
set_property(GLOBAL PROPERTY VG_RULES_DIR ${VG_RULES_DIR})
set_property(GLOBAL PROPERTY VG_RULES_CATALOGUE ${VIGIE_RULES_CATALOGUE})
function(vg_rules_corpus_test)
  get_property(VG_RULES_DIR GLOBAL PROPERTY VG_RULES_DIR)
  get_property(VIGIE_RULES_CATALOGUE GLOBAL PROPERTY VG_RULES_CATALOGUE)
  if(TARGET vg_parse AND EXISTS ${VG_RULES_DIR}/tests/test_corpus.c)
    add_executable(vg_rules_test_corpus ${VG_RULES_DIR}/tests/test_corpus.c
      ${VG_RULES_DIR}/tests/rules_fixture.c)
    target_link_libraries(vg_rules_test_corpus PRIVATE vg_rules vg_parse)
    add_test(NAME rules.corpus COMMAND vg_rules_test_corpus ${VIGIE_RULES_CATALOGUE}
      ${VIGIE_CORPORA}/eforms-sdk/examples ${VIGIE_CORPORA}/ted-xml-data-converter)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL vg_rules_corpus_test)
