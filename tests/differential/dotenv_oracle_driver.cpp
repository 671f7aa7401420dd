// The C++ side of the python-dotenv differential test: reads cases as JSON lines on stdin, answers
// each with what parse_python / resolve_python give, in the shape python_oracle.py prints.
//
// In:  {"id": N, "text": "...", "env": {...}, "load": null | {"override": bool}}
// Out: {"id": N, "bindings": [[key, value|null, line]...], "errors": [line...],
//       "values": [[key, value|null]...], "environ": {...} (only with "load"), "fatal": bool}
#include "dgl/env/dotenv.hpp"
#include "../unit/py_dict.hpp"

#include <boost/json.hpp>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace json = boost::json;
using dgl::dotenv::Binding;

using Environ = std::map<std::string, std::string>;
using dgl::test::Dict;
using dgl::test::assign;

json::value optional_json(const std::optional<std::string>& v) {
    return v ? json::value(json::string(*v)) : json::value(nullptr);
}

/// DotEnv(stream=text, override=override).dict() with os.environ == env.
Dict dotenv_dict(const std::vector<Binding>& parsed, const Environ& env, bool override) {
    const auto lookup = [&env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(std::string(name));
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    Dict dict;
    for (const Binding& b : dgl::dotenv::resolve_python(parsed, lookup, override)) {
        assign(dict, b.key, b.value);
    }
    return dict;
}

json::object answer(const json::object& in) {
    const std::string text(in.at("text").as_string());
    Environ env;
    for (const auto& [k, v] : in.at("env").as_object()) {
        env[std::string(k)] = std::string(v.as_string());
    }
    const auto parsed = dgl::dotenv::parse_python(text);

    json::object out;
    out["id"] = in.at("id");
    json::array bindings;
    for (const Binding& b : parsed.bindings) {
        bindings.push_back(json::array{json::string(b.key), optional_json(b.value), b.stmt_line});
    }
    out["bindings"] = std::move(bindings);
    json::array errors;
    for (const auto& issue : parsed.issues) {
        errors.push_back(issue.stmt_line);
    }
    out["errors"] = std::move(errors);
    out["fatal"] = parsed.fatal;

    // dotenv_values(): interpolation with override=True.
    json::array values;
    for (const auto& [k, v] : dotenv_dict(parsed.bindings, env, true)) {
        values.push_back(json::array{json::string(k), optional_json(v)});
    }
    out["values"] = std::move(values);

    if (const auto& load = in.at("load"); load.is_object()) {
        // load_dotenv(override=o): set_as_environment_variables. Keys already set survive unless
        // override; None values (bare keys) are never set.
        const bool override = load.as_object().at("override").as_bool();
        Environ after = env;
        for (const auto& [k, v] : dotenv_dict(parsed.bindings, env, override)) {
            if (env.count(k) != 0 && !override) {
                continue;
            }
            if (v) {
                after[k] = *v;
            }
        }
        json::object environ;
        for (const auto& [k, v] : after) {
            environ[k] = v;
        }
        out["environ"] = std::move(environ);
    }
    return out;
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) {
            continue;
        }
        std::cout << json::serialize(answer(json::parse(line).as_object())) << '\n';
    }
    return std::cout.good() ? 0 : 1;
}
