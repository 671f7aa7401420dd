// Places of origin: interned source names, and the text shown to users made on demand.
#include "dgl/env/variable.hpp"

#include <charconv>
#include <memory>
#include <set>

namespace dgl::env {

namespace {

/// Every source name a launch has seen: a few per launch (each .env file, "process environment",
/// "command #1", ...), and the same ones again on each --watch reload. Never freed: Places in
/// resolved environments point here for the life of the process.
std::set<std::string, std::less<>>& names() {
    static auto* all = new std::set<std::string, std::less<>>();  // NOLINT(cppcoreguidelines-owning-memory)
    return *all;
}

}  // namespace

const std::string* Place::intern(std::string_view text) {
    auto& all = names();
    auto it = all.find(text);
    if (it == all.end()) {
        it = all.emplace(text).first;
    }
    return &*it;
}

Place::Place(std::string_view text) : m_name(intern(text)) {}

std::string Place::str() const {
    std::string out(name());
    if (m_line != 0) {
        char number[16];
        const auto end = std::to_chars(number, number + sizeof number, m_line).ptr;
        out.append(1, ':').append(number, end);
    }
    return out;
}

}  // namespace dgl::env
