# services/analyse (lead's part): the analyser (parse -> segment -> classify -> rules) and the
# vigie-analyse worker process.
add_library(vg_analyser STATIC ${CMAKE_CURRENT_SOURCE_DIR}/vg_analyser.c
            ${CMAKE_CURRENT_SOURCE_DIR}/vg_analyser_lang.c ${CMAKE_CURRENT_SOURCE_DIR}/vg_worker.c)
target_include_directories(vg_analyser PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(vg_analyser PUBLIC vg_sources vg_extract_docs vg_parse vg_ft vg_rules vg_lang vg_common)
add_executable(vigie-analyse ${CMAKE_CURRENT_SOURCE_DIR}/main.c)
target_link_libraries(vigie-analyse PRIVATE vg_analyser)
