// Names: Diffgram reads only its exact capital names, so a lower-case or misspelt key is silently
// ignored; "did you mean" catches it. Also the installer's bogus PYTHONPATH=<file>.json.
#include "dgl/check/checks.hpp"

#include "dgl/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace dgl::check {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped: the
/// result is exact up to `cap` and cap + 1 beyond.
size_t distance(std::string_view a, std::string_view b, size_t cap) {
    const size_t n = a.size();
    const size_t m = b.size();
    if ((n > m ? n - m : m - n) > cap) {
        return cap + 1;
    }
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= m; ++j) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return std::min(d[n][m], cap + 1);
}

/// The catalog key `name` most likely misspells, if any is close enough: one edit for names up
/// to 13 characters, two for longer ones (so DATABASE_PORT is not taken for DATABASE_HOST).
std::optional<std::string> nearest(const catalog::Catalog& cat, std::string_view name) {
    if (name.size() < 5) {
        return std::nullopt;
    }
    const size_t cap = name.size() < 14 ? 1 : 2;
    std::optional<std::string> best;
    size_t best_d = cap + 1;
    for (const auto& [key, e] : cat.entries()) {
        const size_t d = distance(name, key, cap);
        if (d < best_d) {
            best_d = d;
            best = key;
        }
    }
    return best;
}

}  // namespace

Findings check_names(const Context& ctx) {
    Findings out;
    for (const auto& [key, var] : ctx.vars) {
        if (ctx.cat.find(key) != nullptr) {
            continue;
        }
        const bool capitals = std::none_of(key.begin(), key.end(), [](unsigned char c) { return std::islower(c) != 0; });
        const std::string up = upper(key);
        if (!capitals) {
            auto guess = ctx.cat.find(up) != nullptr ? std::optional<std::string>(up) : nearest(ctx.cat, up);
            if (guess) {
                out.push_back(make(ctx, "DGL240", Severity::warning, key,
                                   "is not all capitals, and Diffgram reads only " + *guess + "; did you mean " +
                                       *guess + "?",
                                   "rename it to " + *guess + " (names are case-sensitive)"));
            } else if (var.origin.layer != env::Layer::process_env) {
                out.push_back(make(ctx, "DGL241", Severity::notice, key,
                                   "is not all capitals; no Diffgram setting has this name, so Diffgram ignores it",
                                   "Diffgram reads only capital names; rename it or remove it"));
            }
            continue;
        }
        if (auto guess = nearest(ctx.cat, key)) {
            out.push_back(make(ctx, "DGL242", Severity::warning, key,
                               "is not a Diffgram setting; did you mean " + *guess + "?",
                               "rename it to " + *guess + ", or add it with --schema if your site reads it"));
        }
    }
    if (const auto* py = ctx.get("PYTHONPATH")) {
        for (const auto& part : util::split(py->value, ':')) {
            if (util::to_lower(util::trim(part)).ends_with(".json")) {
                out.push_back(make(ctx, "DGL243", Severity::warning, "PYTHONPATH",
                                   "names a .json file, which is not a module directory (an installer bug)",
                                   "remove PYTHONPATH from the .env: the services set their own (compose /app/, "
                                   "Helm /app:/app/shared:/)"));
                break;
            }
        }
    }
    return out;
}

}  // namespace dgl::check
