// compose-go `template` interpolation: a hand-written scanner that reproduces template.go's regex
// `\$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:(braced)}|(mapping)}|()))` and its substitution rules, quirks included.
#include "dgl/env/template.hpp"

#include "dgl/limits.hpp"

#include <unordered_map>
#include <utility>
#include <vector>

namespace dgl::dotenv {
namespace {

constexpr std::size_t npos = std::string_view::npos;

constexpr std::string_view kind_invalid = "invalid template";
constexpr std::string_view kind_required = "required variable is missing a value";
constexpr std::string_view kind_too_deep = "template nesting too deep";
constexpr std::string_view kind_too_large = "value grows past 1 MiB through interpolation";

// compose-go recurses without a limit (Go stacks grow). Defaults nested deeper than this are our
// own error, so that a hostile file cannot overflow the C++ stack. Real files nest 1-3 levels.
constexpr int max_nesting = 256;

// Length in bytes of a variable-name character at s[i], 0 if there is none. The pattern is
// `[_a-z][_a-z0-9]*` under (?i); Go's regexp folds case with Unicode simple folding, so the class
// also holds U+017F (long s, folds to s) and U+212A (Kelvin sign, folds to k).
std::size_t name_char(std::string_view s, std::size_t i, bool first) {
    const char c = s[i];
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return 1;
    }
    if (!first && c >= '0' && c <= '9') {
        return 1;
    }
    if (s.substr(i, 2) == "\xC5\xBF") {
        return 2;
    }
    if (s.substr(i, 3) == "\xE2\x84\xAA") {
        return 3;
    }
    return 0;
}

/// End of the name that starts at `i` (exclusive), or `i` when there is none; never passes `end`.
std::size_t scan_name(std::string_view s, std::size_t i, std::size_t end) {
    const std::string_view limited = s.substr(0, end);
    if (i >= end) {
        return i;
    }
    std::size_t len = name_char(limited, i, true);
    if (len == 0) {
        return i;
    }
    i += len;
    while (i < end && (len = name_char(limited, i, false)) != 0) {
        i += len;
    }
    return i;
}

bool is_op_char(char c) { return c == '-' || c == '+' || c == '?'; }

enum class Op { required_non_empty, required, default_non_empty, default_unset, alternate_non_empty, alternate_set };

Op to_op(std::string_view text) {
    const bool colon = text.size() == 2;
    switch (text.back()) {
        case '?':
            return colon ? Op::required_non_empty : Op::required;
        case '-':
            return colon ? Op::default_non_empty : Op::default_unset;
        default:
            return colon ? Op::alternate_non_empty : Op::alternate_set;
    }
}

enum class Kind { none, escaped, named, braced, braced_op, mapping, invalid };

struct Match {
    Kind kind = Kind::none;
    std::size_t end = 0;  ///< exclusive end of the whole regex match
    std::size_t name_begin = 0;
    std::size_t name_end = 0;
    std::size_t op_begin = 0;
    std::size_t op_end = 0;
};

/// Finds what the regex matches at a `$`. `end` is the exclusive end of the line (or of the
/// sub-string) holding it: Go's `.` never matches '\n', so no match crosses a line.
class Matcher {
public:
    explicit Matcher(std::string_view s) : s_(s) {}

    /// End of the line holding p (the next '\n' or the end of the text). Cached: callers go forward.
    std::size_t line_end(std::size_t p) {
        if (line_end_ == npos || p > line_end_ || p < line_begin_) {
            line_begin_ = p;
            line_end_ = s_.find('\n', p);
            if (line_end_ == npos) {
                line_end_ = s_.size();
            }
        }
        return line_end_;
    }

    Match at(std::size_t p, std::size_t end) {
        Match m;
        if (p + 1 >= end) {
            return m;
        }
        const char c = s_[p + 1];
        if (c == '$') {
            m.kind = Kind::escaped;
            m.end = p + 2;
            return m;
        }
        if (const std::size_t ne = scan_name(s_, p + 1, end); ne > p + 1) {
            m.kind = Kind::named;
            m.name_begin = p + 1;
            m.name_end = m.end = ne;
            return m;
        }
        if (c != '{') {
            return m;
        }
        const std::size_t q = p + 2;
        const std::size_t ne = scan_name(s_, q, end);
        if (ne > q && ne < end) {
            m.name_begin = q;
            m.name_end = ne;
            if (s_[ne] == '}') {
                m.kind = Kind::braced;
                m.end = ne + 1;
                return m;
            }
            // `(?::?[-+?](.*))?}`: the greedy `.*` runs to the LAST '}' of the line, so
            // `${A:-x} ${B}` is one match here; template.go then splits it at the first balanced '}'.
            std::size_t oe = 0;
            if (s_[ne] == ':' && ne + 1 < end && is_op_char(s_[ne + 1])) {
                oe = ne + 2;
            } else if (is_op_char(s_[ne])) {
                oe = ne + 1;
            }
            if (oe != 0) {
                const std::size_t lb = last_brace(end);
                if (lb != npos && lb >= oe) {
                    m.kind = Kind::braced_op;
                    m.op_begin = ne;
                    m.op_end = oe;
                    m.end = lb + 1;
                    return m;
                }
            }
            if (s_[ne] == '[') {
                if (const std::size_t me = mapping_end(ne, end); me != npos) {
                    m.kind = Kind::mapping;
                    m.end = me;
                    return m;
                }
            }
        }
        // `(?P<invalid>)`: `${` followed by anything else is an "Invalid template" error.
        m.kind = Kind::invalid;
        m.end = p + 2;
        return m;
    }

private:
    /// Last '}' before `end` on the same line, npos if none.
    std::size_t last_brace(std::size_t end) {
        if (const auto it = last_brace_memo_.find(end); it != last_brace_memo_.end()) {
            return it->second;
        }
        std::size_t found = npos;
        for (std::size_t i = end; i > 0;) {
            --i;
            if (s_[i] == '}') {
                found = i;
                break;
            }
            if (s_[i] == '\n') {
                break;
            }
        }
        last_brace_memo_.emplace(end, found);
        return found;
    }

    /// Where `\](?::?[-+?}](.*))?}` ends when its ']' is at j, npos if it cannot match there.
    std::size_t bracket_end(std::size_t j, std::size_t end) {
        if (j + 1 >= end) {
            return npos;
        }
        const char c1 = s_[j + 1];
        const std::size_t lb = last_brace(end);
        const auto op_or_close = [](char c) { return is_op_char(c) || c == '}'; };
        if (c1 == ':' && j + 2 < end && op_or_close(s_[j + 2]) && lb != npos && lb >= j + 3) {
            return lb + 1;
        }
        if (op_or_close(c1) && lb != npos && lb >= j + 2) {
            return lb + 1;
        }
        if (c1 == '}') {
            return j + 2;
        }
        return npos;
    }

    /// End of `NAME\[(.*)\](?::?[-+?}](.*))?}` whose '[' is at `open`, npos if none. The greedy
    /// `(.*)` prefers the right-most ']' that lets the rest match; that ']' depends only on `end`,
    /// so it is memoised per `end` and the scan stays linear.
    std::size_t mapping_end(std::size_t open, std::size_t end) {
        auto& memo = bracket_memo_.try_emplace(end, BracketMemo{end, npos}).first->second;
        const std::size_t lo = open + 1;
        if (memo.found == npos && memo.scanned_from > lo) {
            for (std::size_t j = memo.scanned_from; j > lo;) {
                --j;
                if (s_[j] == ']' && bracket_end(j, end) != npos) {
                    memo.found = j;
                    break;
                }
            }
            memo.scanned_from = memo.found == npos ? lo : memo.found;
        }
        if (memo.found != npos && memo.found >= lo) {
            return bracket_end(memo.found, end);
        }
        return npos;
    }

    struct BracketMemo {
        std::size_t scanned_from;  ///< every j in [scanned_from, end) has been checked
        std::size_t found;         ///< right-most ']' that matches, npos if none yet
    };

    std::string_view s_;
    std::size_t line_begin_ = 0;
    std::size_t line_end_ = npos;
    std::unordered_map<std::size_t, std::size_t> last_brace_memo_;
    std::unordered_map<std::size_t, BracketMemo> bracket_memo_;
};

/// template.go getFirstBraceClosingIndex: counts every '{' (skipping the character after it) and
/// every '}', and answers the index where the count first drops back to zero, npos if never.
std::size_t first_brace_closing(std::string_view s) {
    long open = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '}') {
            --open;
            if (open == 0) {
                return i;
            }
        }
        if (s[i] == '{') {
            ++open;
            ++i;
        }
    }
    return npos;
}

class Engine {
public:
    explicit Engine(const TemplateLookup& lookup) : lookup_(lookup) {}

    /// template.go substituteWithConfig. Each match is replaced in turn; a failing match is
    /// replaced by "" and the FIRST error is kept, as ReplaceAllStringFunc carries on.
    ///
    /// For `${NAME<op>...}` template.go replaces the greedy match with
    /// head + Substitute(rest), where rest follows the first balanced '}'. Recursing on `rest`
    /// would nest once per expression on a line, so the rest is scanned in place instead, inside a
    /// "region" that ends where the greedy match ended: an error anywhere in a region discards the
    /// whole outermost region, exactly as the nested calls would return "" for it.
    bool substitute(std::string_view s, std::string& out, TemplateError& error, int depth) {
        if (depth > max_nesting) {
            error.kind = kind_too_deep;
            return false;
        }
        struct Region {
            std::size_t end;        ///< end of the greedy match
            std::size_t out_start;  ///< out.size() before its head was appended
            std::size_t begin;      ///< its '$'
        };
        Matcher matcher(s);
        std::vector<Region> regions;
        bool ok = true;
        std::size_t pos = 0;
        const auto fail = [&](TemplateError&& e, std::size_t at, std::size_t match_end) {
            if (!regions.empty()) {
                at = regions.front().begin;
                match_end = regions.front().end;
                out.resize(regions.front().out_start);
                regions.clear();
            }
            if (ok) {
                error = std::move(e);
                error.offset = at;
                ok = false;
            }
            pos = match_end;
        };
        for (;;) {
            // Each piece appended is a bounded value, so checking here keeps `out` near the limit.
            if (out.size() > limits::k_max_value_bytes) {
                error = TemplateError{std::string(kind_too_large), {}, {}, {}, pos};
                return false;
            }
            while (!regions.empty() && pos >= regions.back().end) {
                regions.pop_back();
            }
            const std::size_t limit = regions.empty() ? s.size() : regions.back().end;
            if (pos >= limit) {
                break;
            }
            const std::size_t p = s.substr(0, limit).find('$', pos);
            if (p == npos) {
                out.append(s.substr(pos, limit - pos));
                pos = limit;
                continue;
            }
            out.append(s.substr(pos, p - pos));
            const std::size_t end = regions.empty() ? matcher.line_end(p) : regions.back().end;
            const Match m = matcher.at(p, end);
            switch (m.kind) {
                case Kind::none:  // a lone `$` (`a $ b`, `$}`, `$1`, trailing `$`) is literal
                    out += '$';
                    pos = p + 1;
                    break;
                case Kind::escaped:
                    out += '$';
                    pos = m.end;
                    break;
                case Kind::named:
                case Kind::braced:
                    // An unset variable becomes "" (compose logs a warning naming it; we do not).
                    out += lookup(s.substr(m.name_begin, m.name_end - m.name_begin)).value_or("");
                    pos = m.end;
                    break;
                case Kind::invalid:
                    fail(TemplateError{std::string(kind_invalid), {}, {}, {}, 0}, p, m.end);
                    break;
                case Kind::braced_op:
                case Kind::mapping: {
                    const std::string_view full = s.substr(p, m.end - p);
                    const std::size_t closing = first_brace_closing(full);
                    const std::size_t head_len = closing == npos ? full.size() : closing + 1;
                    std::string value;
                    TemplateError e;
                    if (!head(full.substr(0, head_len), value, e, depth)) {
                        fail(std::move(e), p, m.end);
                        break;
                    }
                    // A region ending where the enclosing one ends adds nothing (failure handling uses
                    // the outermost region), so chains of `${A:-x}${B:-y}...` keep one entry.
                    if (head_len < full.size() && (regions.empty() || regions.back().end != m.end)) {
                        regions.push_back(Region{m.end, out.size(), p});
                    }
                    out += value;
                    pos = p + head_len;
                    break;
                }
            }
        }
        if (!ok) {
            error.partial = out;
        }
        return ok;
    }

private:
    std::optional<std::string> lookup(std::string_view name) const {
        if (!lookup_) {
            return std::nullopt;
        }
        return lookup_(name);
    }

    /// template.go DefaultReplacementAppliedFunc on the part up to the first balanced '}':
    /// the regex is matched again on that part alone and its groups decide.
    bool head(std::string_view sub, std::string& value, TemplateError& error, int depth) {
        Matcher matcher(sub);
        const Match m = matcher.at(0, sub.size());
        switch (m.kind) {
            case Kind::braced:
                // Unreachable: the part always keeps the operator or '[' that made the greedy match.
                value = lookup(sub.substr(m.name_begin, m.name_end - m.name_begin)).value_or("");
                return true;
            case Kind::braced_op: {
                // The operator function is picked by the first of `:? ? :- - :+ +` found in the
                // match (getSubstitutionFunctionForTemplate); names hold none of these characters,
                // so it is always the operator right after the name (TestSubstitutionFunctionChoice).
                // The part ends with its '}', so the argument is everything between.
                const std::string_view name = sub.substr(m.name_begin, m.name_end - m.name_begin);
                const Op op = to_op(sub.substr(m.op_begin, m.op_end - m.op_begin));
                const std::string_view arg = sub.substr(m.op_end, m.end - 1 - m.op_end);
                return apply(op, name, arg, value, error, depth);
            }
            case Kind::mapping:
                // `${NAME[key]...}` is compose's named-mapping syntax. The .env reader configures no
                // named mappings, so the substitution is "not applied" and the text stays verbatim.
                value = std::string(sub);
                return true;
            default:
                error.kind = kind_invalid;
                return false;
        }
    }

    /// The six operators. Defaults, alternates and error messages are interpolated lazily, only
    /// when used (compose-go#847, template_test.go TestLazyDefaultDoesNotWarn).
    bool apply(Op op, std::string_view name, std::string_view arg, std::string& value, TemplateError& error,
               int depth) {
        const std::optional<std::string> current = lookup(name);
        const bool set = current.has_value();
        const bool non_empty = set && !current->empty();
        bool use_arg = false;
        switch (op) {
            case Op::default_non_empty:  // ${A:-d}: unset or empty
                use_arg = !non_empty;
                break;
            case Op::default_unset:  // ${A-d}: unset only
                use_arg = !set;
                break;
            case Op::alternate_non_empty:  // ${A:+a}: set and non-empty
                use_arg = non_empty;
                break;
            case Op::alternate_set:  // ${A+a}: set, even if empty
                use_arg = set;
                break;
            case Op::required_non_empty:  // ${A:?msg}
            case Op::required:            // ${A?msg}
                if (op == Op::required ? set : non_empty) {
                    value = *current;
                    return true;
                }
                {
                    std::string reason;
                    TemplateError inner;
                    if (!substitute(arg, reason, inner, depth + 1)) {
                        error = std::move(inner);
                        return false;
                    }
                    error.kind = kind_required;
                    error.variable = std::string(name);
                    error.reason = std::move(reason);
                }
                return false;
        }
        if (use_arg) {
            return substitute(arg, value, error, depth + 1);
        }
        value = current.value_or("");
        return true;
    }

    const TemplateLookup& lookup_;
};

}  // namespace

std::optional<std::string> interpolate_compose_detailed(std::string_view text, const TemplateLookup& lookup,
                                                        TemplateError& error) {
    Engine engine(lookup);
    std::string out;
    if (engine.substitute(text, out, error, 0)) {
        return out;
    }
    return std::nullopt;
}

std::optional<std::string> interpolate_compose(std::string_view text, const TemplateLookup& lookup,
                                               std::string* error_kind) {
    TemplateError error;
    auto out = interpolate_compose_detailed(text, lookup, error);
    if (!out && error_kind != nullptr) {
        *error_kind = error.kind;
    }
    return out;
}

}  // namespace dgl::dotenv
