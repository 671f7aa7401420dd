// Loading data/public-secrets.tsv (compiled in) and matching values against it.
#include "dgl/catalog/public_secrets.hpp"

#include "dgl/catalog/embedded.hpp"
#include "dgl/errors.hpp"
#include "dgl/util/strings.hpp"

namespace dgl::catalog {

namespace {

bool matches(std::string_view pattern, std::string_view value) {
    const auto star = pattern.find('*');
    if (star == std::string_view::npos) {
        return pattern == value;
    }
    const auto head = pattern.substr(0, star);
    const auto tail = pattern.substr(star + 1);
    return value.size() >= head.size() + tail.size() && value.starts_with(head) && value.ends_with(tail);
}

}  // namespace

const std::vector<PublicValue>& public_values() {
    static const std::vector<PublicValue> values = [] {
        std::vector<PublicValue> out;
        int n = 0;
        for (auto line : util::split_views(embedded::public_secrets_tsv(), '\n')) {
            ++n;
            if (line.empty() || line[0] == '#') {
                continue;
            }
            const auto cols = util::split_views(line, '\t');
            if (cols.size() != 3 || cols[1].empty()) {
                throw launcher_error("malformed public-secrets.tsv:" + std::to_string(n) + " (build error)");
            }
            out.push_back({cols[0], cols[1], cols[2]});
        }
        return out;
    }();
    return values;
}

std::optional<std::string> published_at(std::string_view value) {
    for (const auto& p : public_values()) {
        if (matches(p.pattern, value)) {
            return std::string(p.where);
        }
    }
    return std::nullopt;
}

bool is_placeholder(std::string_view value) {
    const std::string v = util::trim(value);
    if (v.empty() || util::to_lower(v) == "none") {
        return true;
    }
    for (const auto& p : public_values()) {
        if (p.key == "*" && matches(p.pattern, v)) {
            return true;
        }
    }
    return false;
}

}  // namespace dgl::catalog
