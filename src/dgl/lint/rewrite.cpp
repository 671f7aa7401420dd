// `lint --fix` (see rewrite.hpp). What is possible, worked out from the two grammars:
//  - single quotes keep `$`, `$$`, `\$`, `\0NNN` and `#` literal in both readers; they fail for a
//    value with `\\` or `\'`-like pairs python-dotenv decodes, and for a `${...}` that python-dotenv
//    expands (it expands inside single quotes, compose does not);
//  - double quotes with `\\ \" \n \r \t` escapes agree while the value has no `$` that compose would
//    read (`$NAME`, `$$`, `${`): python-dotenv has no escape for `$` at all;
//  - no quotes agree for one-line values without blanks at the ends, ` #`, `$` constructs or quotes.
// A `${...}` that python-dotenv expands and compose must keep literal (or the reverse) has no
// spelling in common: such lines are left as they are and reported. Every candidate is re-read
// by both dialects before it is proposed.
#include "dgl/lint/rewrite.hpp"

#include "dgl/report/print.hpp"

#include "dgl/env/dotenv.hpp"

#include <algorithm>
#include <map>

namespace dgl::lint {
namespace {

std::string single_quoted(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'') {
            out += "\\'";
        } else {
            out += c;
        }
    }
    return out + "'";
}

/// Double quotes both dialects decode alike for `\\ \" \n \r \t`; `${` stays for the readers
/// (the re-reading decides whether both expand it the same way).
std::string double_quoted(std::string_view v) { return report::dotenv_quote(v, false); }

/// A key both grammars accept unquoted: compose's letters, digits and `_ . - [ ]` (non-ASCII
/// letters are left to the re-reading to judge).
bool plain_key(std::string_view key) {
    if (key.empty()) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
    });
}

/// True when both readers read `line` (one statement and its line break) as KEY=`want`.
bool both_read(const std::string& line, const std::string& key, const std::string& want, const Lookup& lookup) {
    const auto python = dotenv::parse_python(dotenv::universal_newlines(line));
    if (python.fatal || !python.issues.empty() || python.bindings.size() != 1 || python.bindings[0].key != key) {
        return false;
    }
    const auto resolved = dotenv::resolve_python(python.bindings, lookup, false);
    if (resolved[0].value != want) {
        return false;
    }
    const auto compose = dotenv::parse_compose(line, lookup);
    return !compose.fatal && compose.bindings.size() == 1 && compose.bindings[0].key == key &&
           compose.bindings[0].value == want;
}

}  // namespace

std::optional<Proposal> propose(const Analysis& a, std::size_t index, const Lookup& lookup) {
    const Statement& st = a.statements.at(index);
    if (!st.span || !st.python_value || !st.python.value || !plain_key(st.python.key)) {
        return std::nullopt;
    }

    // Whatever precedes the key on its line (indentation, `export `) is kept.
    const std::size_t line_start = a.text.find_last_of("\r\n", st.span->key_begin == 0 ? 0 : st.span->key_begin - 1);
    const std::size_t from = (line_start == std::string::npos || st.span->key_begin == 0) ? 0 : line_start + 1;
    const std::string prefix = a.text.substr(from, st.span->key_begin - from);
    const std::string suffix = st.span->comment.empty() ? "" : " " + st.span->comment;

    const std::string& raw = *st.python.value;
    const std::string& want = *st.python_value;
    struct Candidate {
        std::string value;
        const char* how;
        bool resolved;
    };
    // Line breaks and tabs read best as `\n` and `\t` in double quotes; anything else is safest in
    // single quotes, where neither reader decodes much.
    const auto spellings = [](const std::string& v, bool resolved, std::vector<Candidate>& out) {
        out.push_back({v, "no quotes", resolved});
        const bool control = v.find_first_of("\n\r\t") != std::string::npos;
        if (control) {
            out.push_back({double_quoted(v), "double quotes", resolved});
        }
        out.push_back({single_quoted(v), "single quotes", resolved});
        if (!control) {
            out.push_back({double_quoted(v), "double quotes", resolved});
        }
    };
    std::vector<Candidate> candidates;
    spellings(raw, false, candidates);
    // A `${...}` that python-dotenv expands to nothing whatever the environment (an invalid name,
    // `${NOPE-d}`): writing python-dotenv's result changes nothing for python-dotenv.
    if (raw != want && dotenv::interpolate_python(raw, {}) == want) {
        spellings(want, true, candidates);
    }
    for (const auto& c : candidates) {
        const std::string statement = st.python.key + "=" + c.value + suffix;
        if (both_read(prefix + statement + "\n", st.python.key, want, lookup)) {
            return Proposal{statement, c.how, c.resolved};
        }
    }
    return std::nullopt;
}

FixResult fix(const Analysis& original, const Environment& environment) {
    FixResult r;
    r.text = original.text;
    if (original.python_unreadable) {
        return r;
    }
    // Lone CRs first: as LF they mean the same to python-dotenv (universal newlines) and become line
    // breaks for compose too. The statements are then located in the converted text.
    Analysis converted;
    if (original.lone_cr) {
        std::string text;
        for (std::size_t i = 0; i < original.text.size(); ++i) {
            const bool lone = original.text[i] == '\r' && (i + 1 >= original.text.size() || original.text[i + 1] != '\n');
            text += lone ? '\n' : original.text[i];
        }
        converted = analyse(original.path, text, environment);
        r.text = converted.text;
        r.line_endings_fixed = true;
    }
    const Analysis& a = original.lone_cr ? converted : original;
    struct Replacement {
        std::size_t begin;
        std::size_t end;
        std::string text;
        Rewritten what;
    };
    std::vector<Replacement> replacements;
    EarlierKeys so_far(environment);
    for (std::size_t i = 0; i < a.statements.size(); ++i) {
        const Statement& st = a.statements[i];
        if (st.needs_rewrite) {
            if (auto p = propose(a, i, so_far.lookup())) {
                replacements.push_back({st.span->key_begin, st.span->end, p->statement,
                                        {st.python.line, st.python.key, p->how, p->resolved, i}});
            }
        }
        so_far.add(st);
    }
    const std::string base = r.text;
    const auto build = [&](const std::vector<const Replacement*>& chosen) {
        FixResult out = r;
        out.text.clear();
        out.text.reserve(base.size());
        std::size_t copied = 0;  // replacements are in file order and do not overlap
        for (const Replacement* rep : chosen) {
            out.text.append(base, copied, rep->begin - copied);
            out.text += rep->text;
            copied = rep->end;
            out.rewritten.push_back(rep->what);
        }
        out.text.append(base, copied, std::string::npos);
        if (a.bare_key_at_eof && !out.text.empty() && out.text.back() != '\n' && out.text.back() != '\r') {
            out.text += '\n';
            out.final_newline_added = true;
        }
        out.bom_removed = original.bom;
        out.changed = !chosen.empty() || out.final_newline_added || out.bom_removed || out.line_endings_fixed;
        return out;
    };
    const auto holds = [&](const FixResult& candidate) {
        return keeps_meaning(original, analyse(original.path, candidate.text, environment), candidate);
    };
    std::vector<const Replacement*> all;
    for (const auto& rep : replacements) {
        all.push_back(&rep);
    }
    FixResult whole = build(all);
    if (holds(whole)) {
        return whole;
    }
    // Each rewrite was checked on its own line; together they can still interact (a new quote
    // closes an earlier unterminated one). Keep, in file order, only the rewrites that leave the
    // whole file's meaning intact. Each try reads the whole file again, so only the first
    // k_max_tries rewrites are tried; the rest stay as they are (and are still reported).
    constexpr std::size_t k_max_tries = 64;
    std::vector<const Replacement*> kept;
    for (std::size_t k = 0; k < all.size() && k < k_max_tries; ++k) {
        kept.push_back(all[k]);
        if (!holds(build(kept))) {
            kept.pop_back();
        }
    }
    return build(kept);
}

bool keeps_meaning(const Analysis& original, const Analysis& fixed, const FixResult& result) {
    if (fixed.python_unreadable || fixed.statements.size() != original.statements.size() ||
        fixed.python_issues.size() != original.python_issues.size()) {
        return false;
    }
    for (std::size_t i = 0; i < original.statements.size(); ++i) {
        const Statement& o = original.statements[i];
        const Statement& f = fixed.statements[i];
        if (o.python.key != f.python.key || o.python_value != f.python_value) {
            return false;
        }
    }
    return std::all_of(result.rewritten.begin(), result.rewritten.end(), [&](const Rewritten& rw) {
        const Statement& f = fixed.statements[rw.index];
        return f.compose_seen && !f.compose_rejected_line && f.compose_value == f.python_value;
    });
}

}  // namespace dgl::lint
