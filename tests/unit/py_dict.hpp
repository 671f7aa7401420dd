// A Python dict of Optional[str], as python-dotenv's dotenv_values returns it: the unit tests and
// the differential driver compare against it, so key order and None must be kept.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dgl::test {

using Dict = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// Assignment keeps the position of the first insertion, as in a Python dict.
inline void assign(Dict& dict, const std::string& key, const std::optional<std::string>& value) {
    for (auto& [k, v] : dict) {
        if (k == key) {
            v = value;
            return;
        }
    }
    dict.emplace_back(key, value);
}

}  // namespace dgl::test
