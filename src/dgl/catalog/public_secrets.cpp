// Loading data/public-secrets.tsv (compiled in) and matching values against it.
#include "dgl/catalog/public_secrets.hpp"

#include "dgl/catalog/embedded.hpp"
#include "dgl/catalog/parse.hpp"
#include "dgl/util/strings.hpp"

#include <array>
#include <stdexcept>

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

namespace {

/// Calls on_value(PublicValue) for each entry line: KEY, VALUE (one '*' a wildcard), WHERE.
template <typename OnValue>
constexpr void for_each_value(std::string_view text, OnValue&& on_value) {
    detail::for_each_data_line(text, [&](std::string_view line, int) {
        const detail::Columns cols(line);
        if (cols.size() != 3 || cols[1].empty()) {
            throw std::logic_error("malformed data/public-secrets.tsv");  // in a constant expression: a build error
        }
        on_value(PublicValue{cols[0], cols[1], cols[2]});
    });
}

constexpr size_t k_count = [] {
    size_t n = 0;
    for_each_value(embedded::public_secrets_tsv, [&n](const PublicValue&) { ++n; });
    return n;
}();

/// Parsed by the compiler: a launch reads the list without building it.
constexpr std::array<PublicValue, k_count> k_values = [] {
    std::array<PublicValue, k_count> out{};
    size_t i = 0;
    for_each_value(embedded::public_secrets_tsv, [&](const PublicValue& v) { out[i++] = v; });
    return out;
}();

}  // namespace

std::span<const PublicValue> public_values() { return k_values; }

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
