// libFuzzer target: --from-cmd output read as dotenv, in both dialects (the first byte picks).
#include "dgl/errors.hpp"
#include "dgl/source/command.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const auto dialect = (data[0] & 1U) != 0 ? dgl::dotenv::Dialect::compose : dgl::dotenv::Dialect::python_dotenv;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        for (const auto& [key, value] : dgl::source::parse_command_dotenv(text, dialect, "command #1")) {
            if (key.empty()) {
                __builtin_trap();
            }
        }
    } catch (const dgl::Error& e) {
        if (e.code() != dgl::ExitCode::launcher_error) {
            __builtin_trap();
        }
    }
    return 0;
}
