// Safety checks on the resolved environment: limits that stop the launch, byte-level findings.
#include "dgl/check/safety.hpp"

#include "dgl/errors.hpp"
#include "dgl/limits.hpp"
#include "dgl/util/strings.hpp"

namespace dgl::check {

void enforce_limits(const env::EnvMap& vars) {
    if (vars.size() > limits::k_max_keys) {
        throw launcher_error("the resolved environment holds " + std::to_string(vars.size()) +
                             " variables, more than the limit of " + std::to_string(limits::k_max_keys));
    }
    for (const auto& [key, v] : vars) {
        if (key.find('\0') != std::string::npos || v.value.find('\0') != std::string::npos) {
            // The key itself may be cut by the NUL: show the part before it.
            throw launcher_error("the variable " + util::json_quote(key.substr(0, key.find('\0'))) + " from " +
                                 v.origin.where + " holds a NUL byte; no environment variable can hold one");
        }
    }
}

Findings safety_findings(const env::EnvMap& vars) {
    Findings out;
    for (const auto& [key, v] : vars) {
        const bool bad_key = !util::valid_utf8(key);
        if (bad_key || !util::valid_utf8(v.value)) {
            out.push_back({"DGL303", Severity::warning, key, {v.origin.where},
                           std::string(bad_key ? "the name" : "the value") +
                               " is not valid UTF-8; it is passed to the child as bytes",
                           "Python reads it with surrogate escapes and most tools mangle it: save the source as UTF-8"});
        }
    }
    return out;
}

}  // namespace dgl::check
