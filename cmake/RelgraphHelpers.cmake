# Warning flags and sanitizers live on INTERFACE targets that every project
# target links PRIVATE, never in CMAKE_CXX_FLAGS.
add_library(relgraph_warnings INTERFACE)
target_compile_options(relgraph_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wno-missing-field-initializers)
# GCC 12 reports false -Wrestrict errors inside std::string at -O3 (GCC bug
# 105329, "a" + std::to_string(n)); the warning says nothing about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(relgraph_warnings INTERFACE -Wno-restrict)
endif()
# Under the sanitizers g++ 12 reports -Wmaybe-uninitialized inside Boost's
# named_graph.hpp; the instrumentation confuses its flow analysis.
if(RELGRAPH_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(relgraph_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
if(RELGRAPH_WERROR)
  target_compile_options(relgraph_warnings INTERFACE -Werror)
endif()

add_library(relgraph_sanitize INTERFACE)
if(RELGRAPH_SANITIZE)
  target_compile_options(relgraph_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(relgraph_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# relgraph_library(NAME SOURCES... ) : one library per layer, with the
# project's warnings and sanitizers, and a relgraph:: alias.
function(relgraph_library name)
  add_library(relgraph_${name} STATIC ${ARGN})
  add_library(relgraph::${name} ALIAS relgraph_${name})
  target_include_directories(relgraph_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(relgraph_${name} PRIVATE relgraph_warnings)
  target_link_libraries(relgraph_${name} PUBLIC relgraph_sanitize)
endfunction()

# relgraph_add_test(NAME SOURCES... LIBS libs... LABELS labels...)
# Links GTest::gtest_main, discovers the tests and labels them.
function(relgraph_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest_main relgraph_warnings relgraph_sanitize)
  target_compile_definitions(${name} PRIVATE
    RELGRAPH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RELGRAPH_SHARED_DIR="${RELGRAPH_SHARED_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${T_LABELS}")
endfunction()
