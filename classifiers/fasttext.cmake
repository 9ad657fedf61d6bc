# classifiers/fasttext.cmake: fastText shim (vg_ft), text preparation, vigie-train, the `models`
# target and the ft.* tests. Included from classifiers/CMakeLists.txt.
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)

set(VG_FT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fasttext)
set(VG_TRAIN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/train)

add_library(vg_ft STATIC ${VG_FT_DIR}/vg_ft.cc ${VG_FT_DIR}/vg_textprep.c)
target_include_directories(vg_ft PUBLIC ${VG_FT_DIR})
target_link_libraries(vg_ft PUBLIC vg_common PkgConfig::FASTTEXT PkgConfig::UTF8PROC)

add_library(vg_train STATIC ${VG_TRAIN_DIR}/vg_train_data.c ${VG_TRAIN_DIR}/vg_train_eval.c
            ${VG_TRAIN_DIR}/vg_train_card.c ${VG_TRAIN_DIR}/vg_train_models.c)
target_include_directories(vg_train PUBLIC ${VG_TRAIN_DIR})
target_link_libraries(vg_train PUBLIC vg_ft vg_common PkgConfig::JANSSON)

add_executable(vigie-train ${VG_TRAIN_DIR}/main.c)
target_link_libraries(vigie-train PRIVATE vg_train)

# `cmake --build . --target models`: trains both models (not part of ALL).
add_custom_command(
  OUTPUT ${VIGIE_MODELS_DIR}/clause.ftz ${VIGIE_MODELS_DIR}/cuad.ftz
  COMMAND vigie-train --corpora ${VIGIE_CORPORA} --seeds ${CMAKE_SOURCE_DIR}/corpora/seeds
          --out ${VIGIE_MODELS_DIR}
  DEPENDS vigie-train ${CMAKE_SOURCE_DIR}/corpora/seeds/clauses.tsv
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
add_test(NAME ft.train_determinism COMMAND ft_test_train)
