// libFuzzer target: --from-cmd-json output (a flat JSON object of strings, boost::json) on any
// bytes. Bad input must be an Error (exit 125) whose message holds no value, never a crash.
#include "dgl/errors.hpp"
#include "dgl/source/command.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto vars = dgl::source::parse_command_json(text, "command #1");
        for (const auto& [key, value] : vars) {
            if (key.empty()) {
                __builtin_trap();  // an empty name cannot reach an environment
            }
        }
    } catch (const dgl::Error& e) {
        if (e.code() != dgl::ExitCode::launcher_error) {
            __builtin_trap();
        }
    }
    return 0;
}
