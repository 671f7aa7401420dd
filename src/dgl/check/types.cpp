// Types exactly as Diffgram parses them at import: EnvAdapter.bool, int(), the enums, http(s) URLs.
// A bool or int that does not parse crashes every Python service, so those are errors.
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::check {

namespace {

/// String-shaped settings of a provider that is not selected are never read: skip them.
bool unused(const Context& ctx, const catalog::Entry& e) {
    return e.required.kind == catalog::Requirement::Kind::when_key && !ctx.required_now(e);
}

/// Missing values of a key that is required right now belong to check_required.
bool left_to_required(const Context& ctx, const catalog::Entry& e, const std::string& value) {
    return e.required.kind != catalog::Requirement::Kind::never && ctx.required_now(e) && missing(value);
}

}  // namespace

Findings check_types(const Context& ctx) {
    using catalog::Type;
    Findings out;
    for (const auto& known : ctx.known()) {
        const std::string& key = known.key;
        const env::Variable& var = known.var;
        const catalog::Entry* e = &known.entry;
        const std::string& v = var.value;
        switch (e->type) {
        case Type::boolean:
            if (!util::parse_bool(v)) {
                out.push_back(make(ctx, "DGL201", Severity::error, key, "is not a boolean Diffgram accepts" + shown(ctx, key, v),
                                   "write true or false: EnvAdapter accepts yes, y, true, 1 and no, n, false, 0 or "
                                   "empty (any case, no quotes inside the value); anything else stops every "
                                   "service at import"));
            }
            break;
        case Type::integer:
            if (!parse_python_int(v)) {
                out.push_back(make(ctx, "DGL202", Severity::error, key,
                                   std::string(util::trim(v).empty() ? "is empty, not an integer"
                                                                     : "is not an integer") + shown(ctx, key, v),
                                   "write a plain number (e.g. " + std::string(e->default_value.value_or("10")) +
                                       "); Diffgram's int() raises at import on anything else, even an empty value"));
            }
            break;
        case Type::enumeration: {
            if (unused(ctx, *e) || left_to_required(ctx, *e, v) ||
                e->enum_values.contains(v)) {
                break;
            }
            const std::string lower = util::to_lower(util::trim(v));
            auto near = std::find(e->enum_values.begin(), e->enum_values.end(), lower);
            out.push_back(make(ctx, "DGL203", Severity::error, key,
                               "is not one of " + util::join(e->enum_values.items()) + shown(ctx, key, v),
                               near != e->enum_values.end()
                                   ? "values are case-sensitive and unpadded: write " + std::string(*near)
                                   : "Diffgram accepts exactly these values (case-sensitive); any other breaks it "
                                     "at import or leaves the feature unset"));
            break;
        }
        case Type::url:
            if (unused(ctx, *e) || left_to_required(ctx, *e, v) || is_http_url(v)) {
                break;
            }
            out.push_back(make(ctx, "DGL204", Severity::error, key,
                               std::string(util::trim(v).empty() ? "is empty, not an http(s) URL"
                                                                 : "is not an absolute http(s) URL") + shown(ctx, key, v),
                               "write scheme and host, e.g. https://diffgram.example.com/ (an empty URL_BASE stops "
                               "the services at startup)"));
            break;
        default:
            break;  // fernet_key, sqlalchemy_url, path and string have their own families or none
        }
    }
    if (ctx.get("URL_BASE") == nullptr) {
        const bool prod = ctx.mode() == "production";
        out.push_back(make(ctx, "DGL205", prod ? Severity::warning : Severity::notice, "URL_BASE",
                           "is not set, so Diffgram uses http://localhost:8085/ in emails, share links and OAuth2 "
                           "redirects",
                           "set URL_BASE to the address browsers use to reach Diffgram (the installer never "
                           "writes it)"));
    }
    return out;
}

}  // namespace dgl::check
