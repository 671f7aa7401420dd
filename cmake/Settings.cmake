# dgl_settings: warnings, sanitizers and hardening shared by every target of this project.
add_library(dgl_settings INTERFACE)
target_compile_options(dgl_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
if(DGL_WARNINGS_AS_ERRORS)
  target_compile_options(dgl_settings INTERFACE -Werror)
endif()
if(DGL_SANITIZE)
  target_compile_options(dgl_settings INTERFACE -fsanitize=${DGL_SANITIZE} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(dgl_settings INTERFACE -fsanitize=${DGL_SANITIZE})
endif()
target_compile_definitions(dgl_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
# Fuzzing (fuzz/): every object of the project gets libFuzzer's coverage instrumentation and
# ASan+UBSan; the fuzz targets add the libFuzzer driver at link time.
if(DGL_FUZZ)
  target_compile_options(dgl_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(dgl_settings INTERFACE -fsanitize=address,undefined)
endif()
