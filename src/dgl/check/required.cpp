// Required keys: the storage provider and its keys, and the identity keys walrus and
// eventhandlers refuse to start without (diffgram issue #255).
#include "dgl/check/checks.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::check {

namespace {

std::string joined(const std::vector<std::string_view>& v, const char* last) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == v.size() ? last : ", ");
        out += v[i];
    }
    return out;
}

std::string what_is_missing(const std::optional<std::string>& value) {
    if (!value) {
        return "is not set";
    }
    return util::trim(*value).empty() ? "is empty" : "is the placeholder none";
}

}  // namespace

Findings check_required(const Context& ctx) {
    using Kind = catalog::Requirement::Kind;
    Findings out;
    for (const auto& [key, e] : ctx.cat.entries()) {
        if (e.required.kind == Kind::never || !ctx.required_now(e)) {
            continue;
        }
        const auto* var = ctx.get(key);
        const auto value = var ? std::optional<std::string>(var->value) : std::nullopt;
        if (!missing(value)) {
            continue;
        }
        if (e.required.kind == Kind::for_services) {
            const bool hard = e.required.values.contains(ctx.service);
            out.push_back(make(ctx, "DGL213", hard ? Severity::error : Severity::warning, key,
                               what_is_missing(value) + ": " + joined(e.required.values.items(), " and ") +
                                   " stop at startup without it (System Startup Check Failed)",
                               "set it as install.py does (DIFFGRAM_INSTALL_FINGERPRINT, DIFFGRAM_VERSION_TAG, "
                               "DIFFGRAM_HOST_OS)"));
            continue;
        }
        Finding f = make(ctx, "DGL212", Severity::error, key, what_is_missing(value), "");
        if (e.required.kind == Kind::always) {
            // Without --service the launcher cannot know COMMAND is a Diffgram service at all.
            if (ctx.service.empty()) {
                f.severity = Severity::warning;
            } else if (!e.services.contains(ctx.service)) {
                continue;
            }
            f.message += ", and Diffgram's services stop at import without it";
            f.hint = "set it (with --service default, walrus or eventhandlers this is an error)";
        } else {
            const std::string decider(e.required.key);
            f.message += ", but it is required while " + decider + " is " + *ctx.effective(decider);
            f.hint = "set it, or choose another " + decider;
            const auto src = ctx.sources(e.required.key);
            f.sources.insert(f.sources.end(), src.begin(), src.end());
        }
        if (!e.notes.empty()) {
            f.hint += " (" + std::string(e.notes) + ")";
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace dgl::check
