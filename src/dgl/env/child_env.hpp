// The child's environment: the resolved variables as execve strings.
#pragma once

#include "dgl/env/variable.hpp"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::env {

/// "KEY=VALUE" for every variable the child gets, in key order, each with its NUL, in one buffer:
/// one allocation for a 10k-key environment instead of one per variable.
class ChildEnv {
public:
    ChildEnv() = default;
    explicit ChildEnv(const EnvMap& vars);
    /// Entries as they are ("KEY=VALUE"), for callers that hold them already (tests).
    ChildEnv(std::initializer_list<std::string_view> entries);
    /// Appends one "KEY=VALUE" entry as it is.
    void push_back(std::string_view entry);

    [[nodiscard]] std::size_t size() const { return m_ends.size(); }
    [[nodiscard]] bool empty() const { return m_ends.empty(); }
    /// Entry `i`, without its NUL.
    [[nodiscard]] std::string_view operator[](std::size_t i) const;
    /// The value of the first entry for `key` (execvp looks PATH up in the child's environment).
    [[nodiscard]] std::optional<std::string_view> find(std::string_view key) const;
    /// envp for execve: pointers into this object and a final nullptr; valid while it is unchanged.
    [[nodiscard]] std::vector<char*> pointers() const;

    friend bool operator==(const ChildEnv& a, const ChildEnv& b) { return a.m_text == b.m_text && a.m_ends == b.m_ends; }

private:
    void end_entry();  ///< the text appended since the last entry is one more
    [[nodiscard]] std::size_t begin_of(std::size_t i) const;  ///< offset of entry i in m_text

    std::string m_text;                ///< every entry followed by its NUL
    std::vector<std::size_t> m_ends;   ///< offset of each entry's NUL
};

}  // namespace dgl::env
