// FERNET_KEY's shape: cryptography's Fernet(key) needs URL-safe base64 of exactly 32 bytes, and
// a malformed key stops the default service at its startup self-test.
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

namespace dgl::check {

Findings check_fernet(const Context& ctx) {
    Findings out;
    for (const auto& known : ctx.known()) {
        const std::string& key = known.key;
        const env::Variable& var = known.var;
        const catalog::Entry* e = &known.entry;
        if (e->type != catalog::Type::fernet_key) {
            continue;
        }
        const char* gen = "generate one with `diffgram-launch gen-fernet-key` (or Python's "
                          "base64.urlsafe_b64encode(os.urandom(32)).decode()); keep the old key if the database "
                          "already holds connection secrets";
        switch (classify_fernet_key(var.value)) {
        case FernetShape::ok:
            break;
        case FernetShape::standard_alphabet:
            out.push_back(make(ctx, "DGL208", Severity::warning, key,
                               "uses the standard base64 alphabet ('+' or '/'), not the URL-safe one",
                               "Python's Fernet accepts it, other Fernet implementations do not; write '-' for '+' "
                               "and '_' for '/' (the same key)"));
            break;
        case FernetShape::bytes_repr:
            out.push_back(make(ctx, "DGL207", Severity::error, key,
                               "is wrapped in b'...', the Python bytes repr an old Diffgram installer wrote",
                               "remove the leading b and the quotes around the key and keep the 44 characters "
                               "inside: that is the same key (diffgram commit 56550d2d)"));
            break;
        case FernetShape::wrong_length:
            out.push_back(make(ctx, "DGL206", Severity::error, key,
                               "is not a Fernet key: it must be 32 bytes in URL-safe base64, 44 characters ending "
                               "in '='",
                               gen));
            break;
        case FernetShape::bad_characters:
            out.push_back(make(ctx, "DGL206", Severity::error, key,
                               "is not a Fernet key: it holds characters outside URL-safe base64", gen));
            break;
        }
    }
    return out;
}

}  // namespace dgl::check
