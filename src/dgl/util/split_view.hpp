// A list held as the text it was written in ("a|b|c"), its items cut on the fly: a catalog entry
// holds lists without an allocation, so the built-in catalog can be built at compile time.
#pragma once

#include <cstddef>
#include <iterator>
#include <string_view>
#include <vector>

namespace dgl::util {

class SplitView {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string_view*;
        using reference = std::string_view;

        constexpr iterator() = default;
        constexpr iterator(std::string_view rest, char sep) : m_rest(rest), m_sep(sep), m_done(false) { cut(); }

        constexpr std::string_view operator*() const { return m_item; }
        constexpr iterator& operator++() {
            if (m_item.size() == m_rest.size()) {
                m_done = true;  // the last item
            } else {
                m_rest.remove_prefix(m_item.size() + 1);
                cut();
            }
            return *this;
        }
        constexpr iterator operator++(int) {
            auto old = *this;
            ++*this;
            return old;
        }
        constexpr bool operator==(const iterator& o) const {
            return m_done == o.m_done && (m_done || m_rest.data() == o.m_rest.data());
        }

    private:
        constexpr void cut() { m_item = m_rest.substr(0, m_rest.find(m_sep)); }

        std::string_view m_rest;
        std::string_view m_item;
        char m_sep = '\0';
        bool m_done = true;
    };

    constexpr SplitView() = default;
    /// An empty `text` is the empty list; otherwise every item, empty ones included.
    constexpr SplitView(std::string_view text, char sep) : m_text(text), m_sep(sep) {}

    [[nodiscard]] constexpr iterator begin() const { return m_text.empty() ? iterator() : iterator(m_text, m_sep); }
    [[nodiscard]] constexpr iterator end() const { return {}; }
    [[nodiscard]] constexpr bool empty() const { return m_text.empty(); }
    /// The first item; the list must not be empty.
    [[nodiscard]] constexpr std::string_view front() const { return *begin(); }
    [[nodiscard]] constexpr bool contains(std::string_view item) const {
        for (const auto x : *this) {
            if (x == item) {
                return true;
            }
        }
        return false;
    }
    /// The items as a vector (messages, tests).
    [[nodiscard]] std::vector<std::string_view> items() const { return {begin(), end()}; }

private:
    std::string_view m_text;
    char m_sep = ',';
};

}  // namespace dgl::util
