// Static storage: other providers' live secrets, GCP credential files, the Azure connection
// string, and the signed-URL cache timings (diffgram-reference.md §5.2 and §5.9).
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

#include "dgl/catalog/public_secrets.hpp"
#include "dgl/errors.hpp"
#include "dgl/util/files.hpp"
#include "dgl/util/strings.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <sys/stat.h>

namespace dgl::check {

namespace {

constexpr const char* k_provider = "DIFFGRAM_STATIC_STORAGE_PROVIDER";
constexpr long long k_sigv4_max = 604800;              // 7 days: the SigV4 presigned-URL limit
constexpr long long k_minio_min_cap = 5 * 3600;        // settings.py caps these for minio
constexpr long long k_minio_offset_cap = 7 * 3600;
constexpr std::uintmax_t k_max_credentials_bytes = 1024U * 1024U;

/// The provider a storage key belongs to: its catalog `required` names the provider key.
const catalog::Requirement* provider_requirement(const catalog::Entry& e) {
    return e.required.kind == catalog::Requirement::Kind::when_key && e.required.key == k_provider ? &e.required
                                                                                                   : nullptr;
}

/// Why a credential file cannot serve as a service-account JSON, or "" when it can.
std::string credential_file_problem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return "names a file that does not exist";
    }
    if (!S_ISREG(st.st_mode)) {
        return "names something that is not a regular file";
    }
    std::string text;
    try {
        text = util::read_file_limited(path, k_max_credentials_bytes, "credentials file");
    } catch (const Error&) {
        return "names a file the launcher cannot read (or one larger than 1 MiB)";
    }
    boost::system::error_code ec;
    auto doc = boost::json::parse(text, ec);
    if (ec || !doc.is_object()) {
        return "names a file that does not hold a JSON object";
    }
    return "";
}

void check_providers_secrets(const Context& ctx, const std::string& provider, Findings& out) {
    for (const auto& known : ctx.known()) {  // only keys that are set, in catalog order
        const auto& key = known.key;
        const auto& e = known.entry;
        const auto* req = provider_requirement(e);
        if (req == nullptr || e.secret != catalog::SecretClass::secret ||
            req->values.contains(provider) ||
            catalog::is_placeholder(known.var.value)) {
            continue;
        }
        Finding f = make(ctx, "DGL214", Severity::warning, key,
                         "holds a real-looking secret for " + std::string(req->values.front()) + " storage while " + k_provider +
                             " is " + provider,
                         "remove it, or set it to none as the Helm chart does for unused providers: only the "
                         "selected provider's credentials should reach the services");
        const auto src = ctx.sources(k_provider);
        f.sources.insert(f.sources.end(), src.begin(), src.end());
        out.push_back(std::move(f));
    }
}

void check_gcp_files(const Context& ctx, const std::string& provider, Findings& out) {
    for (const char* key : {"SERVICE_ACCOUNT_FULL_PATH", "GOOGLE_APPLICATION_CREDENTIALS"}) {
        const auto path = ctx.effective(key);
        if (provider == "gcp") {
            if (missing(path)) {
                continue;  // check_required reports it
            }
            if (auto problem = credential_file_problem(*path); !problem.empty()) {
                out.push_back(make(ctx, "DGL215", Severity::error, key, problem + shown(ctx, key, *path),
                                   "with gcp storage both SERVICE_ACCOUNT_FULL_PATH and GOOGLE_APPLICATION_CREDENTIALS "
                                   "must name the readable service-account JSON inside the process's filesystem "
                                   "(the compose db_migration service lacks the mount: diffgram #1599)"));
            }
        } else if (std::string_view(key) == "GOOGLE_APPLICATION_CREDENTIALS" && ctx.get(key) != nullptr &&
                   !missing(path)) {
            struct stat st {};
            if (::stat(path->c_str(), &st) != 0) {
                Finding f = make(ctx, "DGL216", Severity::warning, key,
                                 "names a file that does not exist while " + std::string(k_provider) + " is " +
                                     provider + shown(ctx, key, *path),
                                 "unset it (google-auth still reads it and the services fail: diffgram #122), or "
                                 "mount the file");
                const auto src = ctx.sources(k_provider);
                f.sources.insert(f.sources.end(), src.begin(), src.end());
                out.push_back(std::move(f));
            }
        }
    }
}

void check_azure(const Context& ctx, const std::string& provider, Findings& out) {
    const auto* var = ctx.get("DIFFGRAM_AZURE_CONNECTION_STRING");
    if (provider != "azure" || var == nullptr || missing(var->value)) {
        return;
    }
    bool name = false;
    bool key = false;
    bool dev = false;
    for (const auto& part : util::split(var->value, ';')) {
        const auto eq = part.find('=');
        const auto k = util::to_lower(util::trim(part.substr(0, eq)));
        name = name || k == "accountname";
        key = key || k == "accountkey";
        dev = dev || k == "usedevelopmentstorage";
    }
    if (!dev && !(name && key)) {
        out.push_back(make(ctx, "DGL217", Severity::error, "DIFFGRAM_AZURE_CONNECTION_STRING",
                           std::string("lacks ") + (name ? "AccountKey=" : (key ? "AccountName=" : "AccountName= and AccountKey=")),
                           "copy the full connection string from the storage account's Access keys page; Diffgram "
                           "parses it at import and signs SAS URLs with the account key"));
    }
}

void check_signed_urls(const Context& ctx, const std::string& provider, Findings& out) {
    constexpr const char* k_min = "SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID";
    constexpr const char* k_off = "SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID";
    const auto min_raw = parse_python_int(ctx.effective(k_min).value_or(""));
    const auto off_raw = parse_python_int(ctx.effective(k_off).value_or(""));
    if (!min_raw || !off_raw) {
        return;  // check_types reports values that are not integers
    }
    long long min = *min_raw;
    long long off = *off_raw;
    if (provider == "minio") {
        min = std::min(min, k_minio_min_cap);
        off = std::min(off, k_minio_offset_cap);
    }
    if (min >= off) {
        Finding f = make(ctx, "DGL218", Severity::warning, k_min,
                         std::string("is not below ") + k_off + (provider == "minio" ? " (after the minio caps)" : ""),
                         "a signed URL is regenerated once less than the minimum is left of its validity; with "
                         "minimum >= offset every fresh URL is due at once. Keep minimum < offset");
        const auto src = ctx.sources(k_off);
        f.sources.insert(f.sources.end(), src.begin(), src.end());
        out.push_back(std::move(f));
    }
    if ((provider == "aws" || provider == "minio") && *off_raw > k_sigv4_max) {
        const bool aws = provider == "aws";
        out.push_back(make(ctx, "DGL219", aws ? Severity::error : Severity::warning, k_off,
                           "is longer than 604800 s (7 days), the SigV4 limit for presigned URLs",
                           aws ? "S3 rejects such URLs, so every image fails to load; use at most 604800"
                               : "Diffgram caps it to 25200 s for minio, so this value never applies; use at most "
                                 "604800"));
    }
}

}  // namespace

Findings check_storage(const Context& ctx) {
    Findings out;
    const std::string provider = ctx.provider();
    const auto* e = ctx.cat.find(k_provider);
    const bool known = e != nullptr &&
                       e->enum_values.contains(provider);
    if (known) {
        check_providers_secrets(ctx, provider, out);
        check_gcp_files(ctx, provider, out);
        check_azure(ctx, provider, out);
    }
    check_signed_urls(ctx, provider, out);
    return out;
}

}  // namespace dgl::check
