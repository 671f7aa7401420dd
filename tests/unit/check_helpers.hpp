// Helpers for the catalog-check unit tests: build resolved variables and query findings.
#pragma once

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/checks.hpp"
#include "dgl/check/context.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace dgl::test {

using KV = std::vector<std::pair<std::string, std::string>>;

/// Every pair as a .env value at t.env:N (N = position, 1-based).
inline env::EnvMap vars(const KV& kv) {
    env::EnvMap m;
    const std::string* file = env::Place::intern("t.env");  // places as load_file makes them
    int line = 1;
    for (const auto& [k, v] : kv) {
        m.insert_or_assign(k, env::Variable{v, {env::Layer::dotenv, env::Place(file, line++), 0}, {}});
    }
    return m;
}

/// A complete, valid minio configuration to start from.
inline KV minio_base() {
    return {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "minio"},
            {"DIFFGRAM_MINIO_ENDPOINT_URL", "http://minio:9000"},
            {"DIFFGRAM_MINIO_ACCESS_KEY_ID", "x7y1zz0q2f9c8b7a6d5e"},
            {"DIFFGRAM_MINIO_ACCESS_KEY_SECRET", "Zq7s9Xv2Lw4Np8Rt1Ym6Kb3Hc5Jd0Fg2"},
            {"DIFFGRAM_S3_BUCKET_NAME", "bucket"},
            {"ML__DIFFGRAM_S3_BUCKET_NAME", "bucket"},
            {"URL_BASE", "https://diffgram.example.org/"},
            {"DIFFGRAM_INSTALL_FINGERPRINT", "abc"},
            {"DIFFGRAM_VERSION_TAG", "1.0"},
            {"DIFFGRAM_HOST_OS", "linux"}};
}

inline KV with(KV kv, const KV& more) {
    for (const auto& [k, v] : more) {
        auto it = std::find_if(kv.begin(), kv.end(), [&](const auto& p) { return p.first == k; });
        if (it != kv.end()) {
            it->second = v;
        } else {
            kv.emplace_back(k, v);
        }
    }
    return kv;
}

inline KV without(KV kv, const std::string& key) {
    std::erase_if(kv, [&](const auto& p) { return p.first == key; });
    return kv;
}

using Family = check::Findings (*)(const check::Context&);

inline check::Findings run(Family f, const KV& kv, const std::string& service = "") {
    const auto m = vars(kv);
    const check::Context ctx{m, catalog::builtin(), service};
    return f(ctx);
}

inline const check::Finding* find(const check::Findings& fs, const std::string& code, const std::string& key = "") {
    for (const auto& f : fs) {
        if (f.code == code && (key.empty() || f.key == key)) {
            return &f;
        }
    }
    return nullptr;
}

inline bool has(const check::Findings& fs, const std::string& code, const std::string& key = "") {
    return find(fs, code, key) != nullptr;
}

}  // namespace dgl::test
