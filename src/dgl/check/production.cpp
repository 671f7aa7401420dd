// Production policy (DIFFGRAM_SYSTEM_MODE=production): public default secrets, dangerous flags,
// short secrets, TLS verification off, and secret-bearing files other users can read.
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

#include "dgl/catalog/public_secrets.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sys/stat.h>

namespace dgl::check {

namespace {

constexpr size_t k_min_secret_length = 16;

/// Secrets Diffgram always uses, so the Helm placeholder `none` is the live secret there.
constexpr std::array<std::string_view, 6> k_core_secrets{"SECRET_KEY",    "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET",
                                                         "FERNET_KEY",    "RABBITMQ_DEFAULT_PASS", "DATABASE_PASS"};

bool is_core(std::string_view key) {
    return std::find(k_core_secrets.begin(), k_core_secrets.end(), key) != k_core_secrets.end();
}

bool keycloak_in_use(const Context& ctx) {
    return ctx.flag("USE_OAUTH2").value_or(false) && ctx.effective("OAUTH2_PROVIDER_NAME").value_or("") == "keycloak";
}

/// Keys no service reads (legacy names, an unselected provider's credentials) hold no live secret.
bool unread(const Context& ctx, const catalog::Entry& e) {
    return e.services.empty() || (e.required.kind == catalog::Requirement::Kind::when_key && !ctx.required_now(e));
}

void check_public_secrets(const Context& ctx, Findings& out, std::set<std::string>& reported) {
    for (const auto& [key, e] : ctx.cat.entries()) {
        if (e.secret != catalog::SecretClass::secret || unread(ctx, e)) {
            continue;
        }
        const auto* var = ctx.get(key);
        const auto value = ctx.effective(key);
        if (!value || (var == nullptr && key.starts_with("KEY_CLOAK_") && !keycloak_in_use(ctx))) {
            continue;  // Keycloak's defaults only matter when Diffgram talks to Keycloak
        }
        std::optional<std::string> published;
        std::string what = var ? "is a publicly known value" : "is not set, so Diffgram uses its public default";
        if (e.type == catalog::Type::sqlalchemy_url) {
            const auto url = parse_sqlalchemy_url(util::trim(*value));
            if (url && url->password) {
                published = catalog::published_at(*url->password);
                what = var ? "holds a publicly known database password"
                           : "is not set, so Diffgram uses its default URL with a public password";
            }
        } else {
            published = catalog::published_at(*value);
            if (!published && var && is_core(key) && util::to_lower(util::trim(*value)) == "none") {
                published = "the Helm chart's placeholder for unused secrets";
                what = "is the placeholder none, which Diffgram uses as the secret itself";
            }
        }
        if (!published) {
            continue;
        }
        if (!var && e.default_value && *value == *e.default_value) {
            published = "Diffgram's settings.py";
        }
        reported.emplace(key);
        out.push_back(make(ctx, "DGL230", Severity::error, key, what + " (published in " + *published + ")",
                           key == "FERNET_KEY"
                               ? "generate a key with `diffgram-launch gen-fernet-key`; if the database already "
                                 "holds connection secrets, they were encrypted with the old key (diffgram #928)"
                               : "generate a long random value (e.g. `openssl rand -base64 32`) and set it in every "
                                 "service"));
    }
}

void check_flags(const Context& ctx, Findings& out) {
    for (const char* key : {"SANDBOX_BYPASS_LOGIN", "DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE"}) {
        if (ctx.flag(key).value_or(false)) {
            out.push_back(make(ctx, "DGL231", Severity::error, key, "is true in production",
                               std::string_view(key) == "SANDBOX_BYPASS_LOGIN"
                                   ? "set it to false: under `python main.py` anyone can log in as any user "
                                     "without a password"
                                   : "set it to false: Python tracebacks in HTTP error bodies show code, paths and "
                                     "data (the installer writes True)"));
        }
    }
    if (ctx.flag("DIFFGRAM_MINIO_DISABLED_SSL_VERIFY").value_or(false)) {
        out.push_back(make(ctx, "DGL233", Severity::warning, "DIFFGRAM_MINIO_DISABLED_SSL_VERIFY",
                           "is true in production: the MinIO TLS certificate is not verified",
                           "give MinIO a certificate the services trust and set it to false"));
    }
}

void check_short_secrets(const Context& ctx, Findings& out, const std::set<std::string>& reported) {
    for (const auto& known : ctx.known()) {
        const std::string& key = known.key;
        const env::Variable& var = known.var;
        const catalog::Entry* e = &known.entry;
        if (e->secret != catalog::SecretClass::secret || e->type == catalog::Type::sqlalchemy_url ||
            unread(ctx, *e) || reported.count(key) != 0 || catalog::is_placeholder(var.value)) {
            continue;
        }
        if (var.value.size() < k_min_secret_length) {
            out.push_back(make(ctx, "DGL232", Severity::warning, key, "is shorter than 16 characters",
                               "use a long random value (e.g. `openssl rand -base64 32`)"));
        }
    }
}

/// The secret file a value was read from, for the layer-3 origins that are files.
std::optional<std::string> secret_origin_file(const std::string& key, const env::Origin& o) {
    if (o.layer == env::Layer::secret_file) {
        const std::string_view w = o.where.name();
        if (o.where.starts_with("file ")) {
            return std::string(w.substr(5));
        }
        if (o.where.starts_with("secrets dir ")) {
            return std::string(w.substr(12)) + "/" + key;
        }
    }
    return std::nullopt;
}

void check_file_modes(const Context& ctx, Findings& out) {
    std::map<std::string, std::string, std::less<>> files;  // path -> key it holds ("" for a .env)
    for (const auto& entry : ctx.vars) {
        const auto& key = entry.first;  // a plain reference: clang 14 (the fuzz build) cannot capture a binding
        const auto& var = entry.second;
        auto note = [&](const env::Origin& o) {
            if (o.layer == env::Layer::dotenv) {
                // Every line of a .env names the same few files: look the name up as it is, and
                // copy it only the first time (100k-key files: no string per variable).
                const std::string_view path = o.where.name();  // a .env place is `file:line`
                if (files.find(path) == files.end()) {
                    files.emplace(std::string(path), "");
                }
                return;
            }
            if (auto f = secret_origin_file(key, o)) {
                files.emplace(*f, key);
            }
        };
        note(var.origin);
        for (const auto& c : var.shadowed) {
            note(c.origin);
        }
    }
    for (const auto& known : ctx.known()) {  // only keys that are set, in catalog order
        if (known.entry.secret == catalog::SecretClass::secret_path && !missing(known.var.value)) {
            files.emplace(known.var.value, known.key);
        }
    }
    for (const auto& [path, key] : files) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & (S_IRGRP | S_IROTH)) == 0) {
            continue;
        }
        out.push_back({"DGL234", Severity::warning, key, {path},
                       std::string(key.empty() ? "this .env file" : "this secret file") +
                           " is readable by " + ((st.st_mode & S_IROTH) != 0 ? "other users" : "its group"),
                       "chmod 600 it (Kubernetes: defaultMode 0400 on the Secret volume)"});
    }
}

}  // namespace

Findings check_production(const Context& ctx) {
    Findings out;
    if (ctx.mode() != "production") {
        return out;
    }
    std::set<std::string> reported;
    check_public_secrets(ctx, out, reported);
    check_flags(ctx, out);
    check_short_secrets(ctx, out, reported);
    check_file_modes(ctx, out);
    return out;
}

}  // namespace dgl::check
