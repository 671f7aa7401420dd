// libFuzzer target: the catalog loader (data/catalog.tsv format, also --schema FILE) on any
// bytes. A malformed schema must be an Error (exit 125), never a crash.
#include "dgl/catalog/catalog.hpp"
#include "dgl/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto c = dgl::catalog::parse(text, "schema.tsv");
        for (const auto& [name, entry] : c.entries()) {
            if (name.empty() || c.find(name) == nullptr) {
                __builtin_trap();
            }
        }
        dgl::catalog::Catalog merged = dgl::catalog::builtin();
        merged.merge(std::move(c));
    } catch (const dgl::Error& e) {
        if (e.code() != dgl::ExitCode::launcher_error) {
            __builtin_trap();
        }
    }
    return 0;
}
