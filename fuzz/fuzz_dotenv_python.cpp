// libFuzzer target: the python-dotenv dialect (parse_stream + resolve_variables) on any bytes.
// Built with -fsanitize=fuzzer,address,undefined: any crash, leak or UB report fails the run.
#include "dgl/env/dotenv.hpp"
#include "dgl/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

/// A deterministic environment: some names are set, so both lookup orders get exercised.
std::optional<std::string> environment(std::string_view name) {
    if (name.size() % 3 == 0) {
        return std::string(name) + "-from-env";
    }
    return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = dgl::dotenv::parse_python(text);
    for (const auto& b : parsed.bindings) {
        if (b.line < 1 || b.col < 1) {
            __builtin_trap();  // every binding has a place a finding can point to
        }
    }
    for (const auto& issue : parsed.issues) {
        if (issue.line < 1 || issue.kind.empty()) {
            __builtin_trap();
        }
    }
    for (const bool override : {false, true}) {
        try {
            const auto resolved = dgl::dotenv::resolve_python(parsed.bindings, environment, override);
            if (resolved.size() != parsed.bindings.size()) {
                __builtin_trap();
            }
        } catch (const dgl::Error& e) {  // a value grown past limits::k_max_value_bytes
            if (e.code() != dgl::ExitCode::launcher_error) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
