// `explain`: where each value came from (contract.md §7): the value (redacted), its layer and
// source, and every source it shadowed with whether that value differed.
#include "dgl/report/explain.hpp"

#include "dgl/redact/redact.hpp"
#include "dgl/report/findings.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::report {

std::vector<std::string> explain_keys(const env::EnvMap& vars, const std::vector<std::string>& requested) {
    std::vector<std::string> keys;
    if (requested.empty()) {
        for (const auto& [key, v] : vars) {
            keys.push_back(key);
        }
        return keys;
    }
    for (const auto& k : requested) {
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
            keys.push_back(k);
        }
    }
    return keys;
}

std::string explain_json(const env::EnvMap& vars, const std::vector<std::string>& keys, bool reveal) {
    std::string out = "{";
    bool first = true;
    for (const auto& key : keys) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += util::json_quote(key) + ": ";
        const auto it = vars.find(key);
        if (it == vars.end()) {
            out += "null";
            continue;
        }
        const env::Variable& v = it->second;
        out += "{\"value\": " + util::json_quote(redact::display(key, v.value, reveal, env::redaction_source(v.origin)));
        out += ", \"secret\": " + std::string(redact::is_secret(key, v.value, env::redaction_source(v.origin)) ? "true" : "false");
        out += ", \"layer\": " + std::to_string(env::layer_number(v.origin.layer));
        out += ", \"source\": " + util::json_quote(v.origin.where.str());
        out += ", \"shadowed\": [";
        for (size_t i = 0; i < v.shadowed.size(); ++i) {
            const auto& s = v.shadowed[i];
            out += i == 0 ? "" : ", ";
            out += "{\"source\": " + util::json_quote(s.origin.where.str());
            out += ", \"layer\": " + std::to_string(env::layer_number(s.origin.layer));
            out += ", \"same_value\": " + std::string(s.value == v.value ? "true" : "false") + "}";
        }
        out += "]}";
    }
    out += first ? "}\n" : "\n}\n";
    return out;
}

std::string explain_text(const env::EnvMap& vars, const std::vector<std::string>& keys, bool reveal,
                         const check::Findings& findings) {
    std::string out;
    for (const auto& key : keys) {
        out += out.empty() ? "" : "\n";
        out += key + "\n";
        const auto it = vars.find(key);
        if (it == vars.end()) {
            out += "  not set: no source gives it a value, so the child does not get it\n";
            continue;
        }
        const env::Variable& v = it->second;
        // JSON quoting keeps a multi-line or blank value readable on one line.
        out += "  value     " + util::json_quote(redact::display(key, v.value, reveal, env::redaction_source(v.origin))) + "\n";
        out += "  secret    " + std::string(redact::is_secret(key, v.value, env::redaction_source(v.origin)) ? "yes" : "no") + "\n";
        out += "  source    " + v.origin.where + " (layer " + std::to_string(env::layer_number(v.origin.layer)) + ")\n";
        for (size_t i = 0; i < v.shadowed.size(); ++i) {
            const auto& s = v.shadowed[i];
            out += i == 0 ? "  shadowed  " : "            ";
            out += s.origin.where + " (layer " + std::to_string(env::layer_number(s.origin.layer)) + ", " +
                   (s.value == v.value ? "same value" : "different value") + ")\n";
        }
        for (const auto& f : findings) {
            if (f.key == key) {
                out += "  finding   " + finding_line(f) + "\n";
            }
        }
    }
    return out;
}

}  // namespace dgl::report
