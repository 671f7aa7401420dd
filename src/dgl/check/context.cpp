// Lookups shared by the catalog checks, and the one helper that may put a value into a message.
#include "dgl/check/context.hpp"

#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::check {

namespace {
constexpr size_t k_max_shown = 60;
}

const std::vector<KnownVar>& Context::known() const {
    if (!known_cache) {
        // Each catalog name looked up in the variables rather than each variable in the catalog:
        // a few hundred lookups whatever the size of the file (100k keys: 100k hashes otherwise,
        // each reading a key from all over the heap). Both are sorted alike, so the list is too.
        // Each search gallops from the last one's place (steps 1, 2, 4, ... then a binary search
        // in the last step): a few compares when the names are dense in the variables, as in a
        // Diffgram .env, and a binary search's when they are sparse, as in a 100k-key file.
        auto list = std::make_shared<std::vector<KnownVar>>();
        auto pos = vars.begin();
        const auto end = vars.end();
        const auto before = [](const auto& var, std::string_view name) { return std::string_view(var.first) < name; };
        for (const auto& [name, e] : cat.entries()) {
            std::ptrdiff_t step = 1;
            auto probe = pos;
            while (end - probe > step && before(probe[step], name)) {
                probe += step;
                step *= 2;
            }
            pos = std::lower_bound(probe, end - probe > step ? probe + step + 1 : end, name, before);
            if (pos == end) {
                break;
            }
            if (pos->first == name) {
                list->push_back({pos->first, pos->second, e});
                ++pos;
            }
        }
        known_cache = std::move(list);
    }
    return *known_cache;
}

const env::Variable* Context::get(std::string_view key) const {
    auto it = vars.find(key);
    return it == vars.end() ? nullptr : &it->second;
}

redact::Source Context::source_of(std::string_view key) const {
    const auto* v = get(key);
    return v != nullptr ? env::redaction_source(v->origin) : redact::Source::other;
}

std::optional<std::string> Context::effective(std::string_view key) const {
    if (const auto* v = get(key)) {
        return v->value;
    }
    if (const auto* e = cat.find(key)) {
        if (e->default_value) {
            return std::string(*e->default_value);
        }
    }
    return std::nullopt;
}

std::vector<std::string> Context::sources(std::string_view key) const {
    if (const auto* v = get(key)) {
        return {v->origin.where};
    }
    return {};
}

std::string Context::mode() const { return effective("DIFFGRAM_SYSTEM_MODE").value_or(""); }

std::string Context::provider() const { return effective("DIFFGRAM_STATIC_STORAGE_PROVIDER").value_or(""); }

std::optional<bool> Context::flag(std::string_view key) const {
    auto v = effective(key);
    return v ? util::parse_bool(*v) : std::optional<bool>(false);
}

bool Context::required_now(const catalog::Entry& e) const {
    using Kind = catalog::Requirement::Kind;
    switch (e.required.kind) {
    case Kind::never:
        return false;
    case Kind::always:
        return true;
    case Kind::when_key: {
        const auto v = effective(e.required.key);
        return v && e.required.values.contains(*v);
    }
    case Kind::for_services:
        return service.empty() || e.services.contains(service) ||
               e.required.values.contains(service);
    }
    return false;
}

std::string shown(const Context& ctx, std::string_view key, std::string_view value) {
    const auto source = ctx.source_of(key);
    if (redact::is_secret(key, value, source)) {
        return "";
    }
    std::string s = redact::display(key, value, false, source);
    for (auto& c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            c = '?';
        }
    }
    if (s.size() > k_max_shown) {
        s = s.substr(0, k_max_shown) + "...";
    }
    return " ('" + s + "')";
}

bool missing(const std::optional<std::string>& value) {
    if (!value) {
        return true;
    }
    const auto v = util::trim(*value);
    return v.empty() || util::to_lower(v) == "none";
}

Finding make(const Context& ctx, const char* code, Severity sev, std::string_view key, std::string message,
             std::string hint) {
    return {code, sev, std::string(key), ctx.sources(key), std::move(message), std::move(hint)};
}

}  // namespace dgl::check
