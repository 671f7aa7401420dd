// The child's environment: the resolved variables as execve strings.
#include "dgl/env/child_env.hpp"

namespace dgl::env {

ChildEnv::ChildEnv(const EnvMap& vars) {
    std::size_t bytes = 0;
    for (const auto& [key, v] : vars) {
        bytes += key.size() + 1 + v.value.size() + 1;
    }
    m_text.reserve(bytes);
    m_ends.reserve(vars.size());
    for (const auto& [key, v] : vars) {
        m_text.append(key).append(1, '=').append(v.value);
        end_entry();
    }
}

ChildEnv::ChildEnv(std::initializer_list<std::string_view> entries) {
    for (const auto e : entries) {
        push_back(e);
    }
}

void ChildEnv::push_back(std::string_view entry) {
    m_text.append(entry);
    end_entry();
}

void ChildEnv::end_entry() {
    m_ends.push_back(m_text.size());
    m_text.push_back('\0');
}

std::size_t ChildEnv::begin_of(std::size_t i) const { return i == 0 ? 0 : m_ends[i - 1] + 1; }

std::string_view ChildEnv::operator[](std::size_t i) const {
    const std::size_t begin = begin_of(i);
    return std::string_view(m_text).substr(begin, m_ends[i] - begin);
}

std::optional<std::string_view> ChildEnv::find(std::string_view key) const {
    for (std::size_t i = 0; i < size(); ++i) {
        const std::string_view e = (*this)[i];
        if (e.size() > key.size() && e[key.size()] == '=' && e.starts_with(key)) {
            return e.substr(key.size() + 1);
        }
    }
    return std::nullopt;
}

std::vector<char*> ChildEnv::pointers() const {
    std::vector<char*> out;
    out.reserve(size() + 1);
    // execve's signature predates const; it does not write through these.
    char* base = const_cast<char*>(m_text.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    for (std::size_t i = 0; i < size(); ++i) {
        out.push_back(base + begin_of(i));
    }
    out.push_back(nullptr);
    return out;
}

}  // namespace dgl::env
