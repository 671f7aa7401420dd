// libFuzzer target: the redaction path and the print encoders, with properties, not just
// "does not crash": a secret key is always masked, JSON quoting is valid JSON for the same
// text, and `print --format dotenv` quoting reads back (through our python-dotenv parser,
// itself checked against the real python-dotenv) to the very same value.
#include "dgl/env/dotenv.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/report/print.hpp"
#include "dgl/util/strings.hpp"

#include <boost/json.hpp>
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string key = in.ConsumeRandomLengthString(64);
    const std::string value = in.ConsumeRemainingBytesAsString();

    // Redaction: a secret key never shows its value; a URL keeps its shape, never its password.
    const std::string shown = dgl::redact::display(key, value, false);
    const auto masked = dgl::redact::mask_url_password(value);
    if (dgl::redact::is_secret_key(key) && !masked && shown != dgl::redact::k_mask) {
        __builtin_trap();
    }
    if (masked && masked->find(dgl::redact::k_mask) == std::string::npos) {
        __builtin_trap();
    }
    if (dgl::redact::display(key, value, true) != value) {
        __builtin_trap();
    }
    // Whatever is_secret calls a secret is never shown as it is, nor is a value from a secret
    // file (a value that already holds the mask text could look unchanged: left out).
    if (value.find(dgl::redact::k_mask) == std::string::npos) {
        if (dgl::redact::is_secret(key, value) && shown == value) {
            __builtin_trap();
        }
        if (dgl::redact::display(key, value, false, dgl::redact::Source::secret_store) == value) {
            __builtin_trap();
        }
    }

    // JSON quoting: always one valid JSON string; the same text when the input is UTF-8.
    const std::string quoted = dgl::util::json_quote(value);
    boost::json::error_code ec;
    const auto parsed = boost::json::parse(quoted, ec);
    if (ec || !parsed.is_string()) {
        __builtin_trap();
    }
    const bool utf8 = dgl::util::valid_utf8(value);
    if (utf8 && std::string_view(parsed.as_string()) != value) {
        __builtin_trap();
    }

    // dotenv quoting round trip (print --format dotenv), for values python-dotenv can hold. A
    // quoted line follows, as in print's output: a value that swallowed its closing quote would
    // run on into it (a last backslash did).
    if (utf8 && value.find('\0') == std::string::npos) {
        const auto doc = dgl::dotenv::parse_python("K=" + dgl::report::dotenv_quote(value) + "\nL=\"x\"\n");
        const auto back = dgl::dotenv::resolve_python(
            doc.bindings, [](std::string_view) { return std::nullopt; }, false);
        if (back.size() != 2 || back[0].key != "K" || !back[0].value || *back[0].value != value ||
            back[1].key != "L" || back[1].value != std::optional<std::string>("x")) {
            __builtin_trap();
        }
    }
    return 0;
}
