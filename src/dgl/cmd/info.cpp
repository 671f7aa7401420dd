// `info`: the Super Admin "Install Info" view (diffgram-reference.md §4.3) from the resolved
// environment: mode, storage provider, mailer active, then each setting with its source;
// secrets only as set / not set, as Diffgram's own view does.
#include "dgl/cmd/commands.hpp"
#include "dgl/cmd/pipeline.hpp"

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/checks.hpp"
#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <array>
#include <iostream>
#include <optional>

namespace dgl::cmd {

namespace {

struct Group {
    const char* name;
    std::vector<const char*> keys;
};

// The groups and keys of Diffgram's GET /api/v1/admin/install/info, in its order.
const std::array<Group, 5>& groups() {
    static const std::array<Group, 5> k_groups{{
        {"general",
         {"DIFFGRAM_SYSTEM_MODE", "DIFFGRAM_VERSION_TAG", "DIFFGRAM_HOST_OS", "IS_OPEN_SOURCE", "URL_BASE",
          "RUNNING_LOCALLY", "DATABASE_URL", "DATABASE_CONNECTION_POOL_SIZE", "WALRUS_SERVICE_URL_BASE",
          "EVENTHUB_URL", "WEBHOOKS_URL_BASE", "DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE", "ALLOW_EVENTHUB",
          "DIFFGRAM_INSTALL_FINGERPRINT", "PROCESS_MEDIA_REMOTE_QUEUE_ON", "PROCESS_MEDIA_ENQUEUE_LOCALLY_IMMEDIATELY",
          "DIFFGRAM_MINIO_DISABLED_SSL_VERIFY", "SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID"}},
        {"email", {"EMAIL_VALIDATION", "MAILGUN_KEY", "EMAIL_DOMAIN_NAME", "EMAIL_REPLY_TO"}},
        {"storage", {"DIFFGRAM_STATIC_STORAGE_PROVIDER"}},
        {"oauth2",
         {"USE_OAUTH2", "OAUTH2_PROVIDER_NAME", "OAUTH2_PROVIDER_HOST", "OAUTH2_PROVIDER_CLIENT_ID",
          "OAUTH2_PROVIDER_CLIENT_SECRET", "OAUTH2_PROVIDER_PUBLIC_KEY", "COGNITO_LOGIN_URL"}},
        {"rabbitmq", {"RABBITMQ_DEFAULT_USER", "RABBITMQ_HOST", "USE_RABBIT_MQ", "RABBITMQ_PORT"}},
    }};
    return k_groups;
}

/// One row of the view: what may be shown of a setting, and where it came from.
struct Row {
    std::string key;
    bool secret = false;
    std::optional<std::string> value;  ///< "set"/"not set" for secrets; nullopt: unset, no default
    std::string source;                ///< a place, "Diffgram default" or "not set"
};

Row row(const check::Context& ctx, const std::string& key) {
    Row r;
    r.key = key;
    const auto* var = ctx.get(key);
    const auto value = ctx.effective(key);
    r.secret = redact::is_secret_key(key) || (value && redact::is_secret(key, *value, ctx.source_of(key)));
    r.source = var ? var->origin.where : (value ? "Diffgram default" : "not set");
    if (r.secret) {
        r.value = value && !value->empty() ? "set" : "not set";  // the seed's bool(secret), defaults included
    } else if (value) {
        r.value = redact::display(key, *value);
    }
    return r;
}

std::string printable(std::string s) {
    for (auto& c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            c = '?';
        }
    }
    return s;
}

std::string text_row(const Row& r) {
    return "  " + r.key + " = " + (r.value ? printable(*r.value) : "(not set)") + "    [" + r.source + "]\n";
}

std::string json_row(const Row& r) {
    return util::json_quote(r.key) + ": {\"value\": " + (r.value ? util::json_quote(*r.value) : "null") +
           ", \"secret\": " + (r.secret ? "true" : "false") + ", \"source\": " + util::json_quote(r.source) + "}";
}

}  // namespace

int info(const cli::Options& opts) {
    const std::string format = opts.format.empty() ? "text" : opts.format;
    if (format != "text" && format != "json") {
        throw launcher_error("info --format must be text or json");
    }
    const auto& p = prepare_once(opts);
    log_findings(p.findings);
    const check::Context ctx{p.vars, catalog::active(), opts.service};
    const std::string mode =
        redact::display("DIFFGRAM_SYSTEM_MODE", ctx.mode(), false, ctx.source_of("DIFFGRAM_SYSTEM_MODE"));
    const std::string provider = redact::display("DIFFGRAM_STATIC_STORAGE_PROVIDER", ctx.provider(), false,
                                                 ctx.source_of("DIFFGRAM_STATIC_STORAGE_PROVIDER"));
    const bool mailer = check::mailer_active(ctx);

    std::vector<std::string> settings;  // every catalog setting some source sets
    for (const auto& [key, var] : p.vars) {
        if (ctx.cat.find(key) != nullptr) {
            settings.push_back(key);
        }
    }

    std::string out;
    if (format == "json") {
        out = "{\"mode\": " + util::json_quote(mode) + ", \"storage_provider\": " +
              (provider.empty() ? "null" : util::json_quote(provider)) +
              ", \"mailer_active\": " + (mailer ? "true" : "false") + ", \"groups\": {";
        bool first_group = true;
        for (const auto& g : groups()) {
            out += std::string(first_group ? "\n  " : ",\n  ") + util::json_quote(g.name) + ": {";
            first_group = false;
            for (size_t i = 0; i < g.keys.size(); ++i) {
                out += std::string(i == 0 ? "\n    " : ",\n    ") + json_row(row(ctx, g.keys[i]));
            }
            out += "}";
        }
        out += "},\n\"settings\": {";
        for (size_t i = 0; i < settings.size(); ++i) {
            out += std::string(i == 0 ? "\n  " : ",\n  ") + json_row(row(ctx, settings[i]));
        }
        out += "}}\n";
    } else {
        out = "mode: " + printable(mode) + "\nstorage provider: " + (provider.empty() ? "(not set)" : printable(provider)) +
              "\nmailer active: " + (mailer ? "yes" : "no") + "\n";
        for (const auto& g : groups()) {
            out += "\n" + std::string(g.name) + ":\n";
            for (const auto* key : g.keys) {
                out += text_row(row(ctx, key));
            }
        }
        out += "\nall settings that are set:\n";
        for (const auto& key : settings) {
            out += text_row(row(ctx, key));
        }
    }
    std::cout << out;
    return to_int(ExitCode::ok);
}

}  // namespace dgl::cmd
