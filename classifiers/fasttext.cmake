# classifiers/fasttext.cmake: fastText shim (vg_ft), text preparation, vigie-train, the `models`
# target and the ft.* tests. Included from classifiers/CMakeLists.txt.
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)

set(VG_FT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fasttext)
set(VG_TRAIN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/train)

add_library(vg_ft STATIC ${VG_FT_DIR}/vg_ft.cc ${VG_FT_DIR}/vg_textprep.c)
target_include_directories(vg_ft PUBLIC ${VG_FT_DIR})
target_link_libraries(vg_ft PUBLIC vg_common PkgConfig::FASTTEXT PkgConfig::UTF8PROC)

add_library(vg_train STATIC ${VG_TRAIN_DIR}/vg_train_data.c ${VG_TRAIN_DIR}/vg_train_eval.c
            ${VG_TRAIN_DIR}/vg_train_card.c ${VG_TRAIN_DIR}/vg_train_models.c
            ${VG_TRAIN_DIR}/vg_train_notices.c)
target_include_directories(vg_train PUBLIC ${VG_TRAIN_DIR})
target_link_libraries(vg_train PUBLIC vg_ft vg_parse vg_common PkgConfig::JANSSON)

add_executable(vigie-train ${VG_TRAIN_DIR}/main.c)
target_link_libraries(vigie-train PRIVATE vg_train)

# `cmake --build . --target models`: trains both models (not part of ALL).
add_custom_command(
  OUTPUT ${VIGIE_MODELS_DIR}/clause.ftz ${VIGIE_MODELS_DIR}/cuad.ftz
  COMMAND vigie-train --corpora ${VIGIE_CORPORA} --seeds ${CMAKE_SOURCE_DIR}/corpora/seeds
          --out ${VIGIE_MODELS_DIR}
  DEPENDS vigie-train ${CMAKE_SOURCE_DIR}/corpora/seeds/clauses.tsv
          ${CMAKE_SOURCE_DIR}/corpora/seeds/field-labels.tsv
  COMMENT "Training fastText models into ${VIGIE_MODELS_DIR}"
  VERBATIM)
add_custom_target(models DEPENDS ${VIGIE_MODELS_DIR}/clause.ftz ${VIGIE_MODELS_DIR}/cuad.ftz)

add_executable(ft_test_textprep ${VG_FT_DIR}/test_textprep.c)
target_link_libraries(ft_test_textprep PRIVATE vg_ft PkgConfig::CMOCKA)
add_test(NAME ft.textprep COMMAND ft_test_textprep)

add_executable(ft_test_model ${VG_FT_DIR}/test_ft.c)
target_link_libraries(ft_test_model PRIVATE vg_ft PkgConfig::CMOCKA)
add_test(NAME ft.model COMMAND ft_test_model)

add_executable(ft_test_train ${VG_TRAIN_DIR}/test_train.c)
target_link_libraries(ft_test_train PRIVATE vg_train PkgConfig::CMOCKA)
add_test(NAME ft.train_determinism COMMAND ft_test_train ${VIGIE_CORPORA})

# ft.classify_cli runs the real `vigie classify`; target vigie (services/cli) is defined after
# this folder, so decide at the end of the top-level configure.
set_property(GLOBAL PROPERTY VG_FT_DIR ${VG_FT_DIR})
function(vg_ft_classify_cli_test)
  get_property(VG_FT_DIR GLOBAL PROPERTY VG_FT_DIR)
  if(TARGET vigie)
    add_executable(ft_test_classify_cli ${VG_FT_DIR}/test_classify_cli.c)
    target_link_libraries(ft_test_classify_cli PRIVATE vg_ft PkgConfig::CMOCKA)
    add_dependencies(ft_test_classify_cli vigie)
    add_test(NAME ft.classify_cli COMMAND ft_test_classify_cli $<TARGET_FILE:vigie>)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL vg_ft_classify_cli_test)
