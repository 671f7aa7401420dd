// libFuzzer target: the compose dialect (compose-go dotenv + template interpolation) on any bytes.
#include "dgl/env/dotenv.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto environment = [](std::string_view name) -> std::optional<std::string> {
        if (name.size() % 2 == 0) {
            return std::string(name.size(), 'e');
        }
        return std::nullopt;
    };
    const auto parsed = dgl::dotenv::parse_compose(text, environment);
    if (parsed.fatal && (!parsed.bindings.empty() || parsed.issues.size() != 1)) {
        __builtin_trap();  // a rejected file yields nothing but the one error
    }
    for (const auto& b : parsed.bindings) {
        if (b.line < 1) {
            __builtin_trap();
        }
    }
    return 0;
}
