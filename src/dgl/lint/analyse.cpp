// `lint` on one file (see analyse.hpp). python-dotenv is read as Diffgram reads it: the text in
// universal newlines, load_dotenv(override=False) lookups. compose reads the raw bytes, as the Go
// code does. Both look variables up in the same process environment, so that every difference
// reported is one of grammar, not of environment.
#include "dgl/lint/analyse.hpp"

#include "dgl/lint/rewrite.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dgl::lint {
namespace {

using check::Finding;
using check::Severity;

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_max_rejections = 50;

std::string place(const std::string& path, int line, int col = 0) {
    std::string out = path + ":" + std::to_string(line);
    if (col > 0) {
        out += ":" + std::to_string(col);
    }
    return out;
}

int lines_in(std::string_view text, std::size_t from, std::size_t to) {
    int n = 0;
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) {
            ++n;
        }
    }
    return n;
}

/// Byte offset where physical line `line` of `text` starts (`\n` ends a line for compose).
std::size_t line_start(std::string_view text, int line) {
    std::size_t i = 0;
    for (int l = 1; l < line && i < text.size(); ++l) {
        const std::size_t nl = text.find('\n', i);
        i = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    return i;
}

/// Blanks physical line `line` of `text` (keeps its line break). False when there is nothing to blank.
bool blank_line(std::string& text, int line) {
    std::size_t i = 0;
    for (int l = 1; l < line && i < text.size(); ++l) {
        while (i < text.size() && text[i] != '\n') {
            ++i;
        }
        if (i < text.size()) {
            ++i;
        }
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != '\n') {
        ++end;
    }
    if (end == i) {
        return false;
    }
    text.erase(i, end - i);
    return true;
}

/// A fixed-phrase hint for compose's fatal errors.
std::string compose_hint(const std::string& kind) {
    if (kind == "unexpected character in variable name") {
        return "compose accepts only letters, digits and `_ . - [ ]` in a key, unquoted: rename the key";
    }
    if (kind == "key cannot contain a space") {
        return "remove the space from the key";
    }
    if (kind == "unterminated quoted value") {
        return "close the quote";
    }
    if (kind == "invalid template") {
        return "compose accepts `$NAME` and `${NAME...}` with NAME of letters, digits and `_` only; put the value in "
               "single quotes if the `$` is literal";
    }
    if (kind == "required variable is missing a value") {
        return "compose requires the variable of a `${NAME:?...}` to be set; set it, or write the value without `:?`";
    }
    return "fix the line";
}

/// A fixed-phrase hint for python-dotenv's skipped statements.
std::string python_hint(const std::string& kind, bool compose_reads_it) {
    if (kind == "expected '=' after key") {
        return compose_reads_it ? "write `KEY=value`: python-dotenv does not know the `KEY: value` form"
                                : "write `KEY=value` with a key of one word";
    }
    if (kind == "unexpected text after closing quote") {
        return "end the line after the closing quote, or start the rest with ` #` to make it a comment "
               "(compose reads it as one more key)";
    }
    if (kind.find("unterminated") != std::string::npos) {
        return "close the quote";
    }
    return "write `KEY=value`";
}

Item make(Finding f, int line) {
    Item it;
    it.finding = std::move(f);
    it.line = line;
    return it;
}

bool starts_with_digit(std::string_view key) {
    std::size_t i = 0;
    while (i < key.size() && (key[i] == ' ' || key[i] == '\t')) {
        ++i;
    }
    return i < key.size() && key[i] >= '0' && key[i] <= '9';
}

/// The readings shown next to a difference: through redact::display, never raw.
std::string reading(const std::string& key, const std::optional<std::string>& v) {
    return v ? util::json_quote(redact::display(key, *v)) : std::string("nothing (the key is not set)");
}

/// `${NAME...}` names in a python-dotenv raw value, in order.
std::vector<std::string> python_references(std::string_view v) {
    std::vector<std::string> out;
    for (std::size_t i = v.find("${"); i != std::string_view::npos; i = v.find("${", i + 1)) {
        const std::size_t stop = v.find_first_of("}:", i + 2);
        if (stop == std::string_view::npos) {
            break;
        }
        out.emplace_back(v.substr(i + 2, stop - i - 2));
    }
    return out;
}

}  // namespace

void EarlierKeys::add(const Statement& st) { values_[st.python.key] = st.python_value; }

Lookup EarlierKeys::lookup() const {
    return [this](std::string_view name) -> std::optional<std::string> {
        if (auto v = environment_ ? environment_(name) : std::nullopt) {
            return v;
        }
        const auto it = values_.find(name);
        return it == values_.end() ? std::nullopt : it->second;
    };
}

bool counts(const Item& item) { return item.finding.severity != Severity::notice; }

Analysis analyse(const std::string& path, std::string_view text, const Environment& environment) {
    Analysis a;
    a.path = path;
    if (text.substr(0, k_bom.size()) == k_bom) {
        a.bom = true;
        text.remove_prefix(k_bom.size());
    }
    a.text = std::string(text);

    if (a.bom) {
        a.items.push_back(make(Finding{"DGL504", Severity::error, "", {place(path, 1, 1)},
                                   "the file starts with a UTF-8 byte order mark: python-dotenv 1.0.0 keeps it as part "
                                   "of the first key, compose removes it",
                                   "save the file as UTF-8 without a byte order mark (`lint --fix` removes it)"},
                           1));
    }

    // A lone CR ends a line for Python's universal newlines, not for compose (Go reads bytes).
    for (std::size_t i = 0; i < a.text.size(); ++i) {
        if (a.text[i] == '\r' && (i + 1 >= a.text.size() || a.text[i + 1] != '\n')) {
            a.lone_cr = true;
            const int line = 1 + lines_in(a.text, 0, i);
            a.items.push_back(make(Finding{"DGL509", Severity::error, "", {place(path, line)},
                                           "a line ends in a lone CR (old Mac line endings): python-dotenv reads it as "
                                           "a line break, compose does not",
                                           "save the file with LF line endings (`lint --fix` does this)"},
                                   line));
            break;
        }
    }

    // python-dotenv, as Diffgram's load_dotenv(override=False) reads it.
    const dotenv::ParseResult python = dotenv::parse_python(dotenv::universal_newlines(a.text));
    a.python_issues = python.issues;
    if (python.fatal) {
        a.python_unreadable = true;
        for (const auto& issue : python.issues) {
            a.items.push_back(make(Finding{"DGL501", Severity::error, "", {place(path, issue.line, issue.col)},
                                       "python-dotenv cannot read the file: " + issue.kind,
                                       "save the file as UTF-8"},
                               issue.line));
        }
        return a;
    }
    const auto resolved = dotenv::resolve_python(python.bindings, environment, false);

    // compose: a fatal error rejects the whole file. To compare the rest line by line anyway, the
    // refused line is blanked and the text read again, until compose accepts what is left. Each
    // round reads the whole text, so after k_max_rejections rounds lint stops comparing with
    // compose from the next refused line on (the file is rejected anyway; those come first).
    std::string masked = a.text;
    dotenv::ParseResult compose;
    int compose_stopped_line = 0;  // 0: compose's reading covers the whole file
    for (;;) {
        compose = dotenv::parse_compose(masked, environment);
        if (!compose.fatal) {
            break;
        }
        const dotenv::Issue issue = compose.issues.front();
        a.compose_rejections.push_back(issue);
        if (a.compose_rejections.size() >= k_max_rejections || !blank_line(masked, issue.line)) {
            // What compose reads before the refused line still counts.
            compose_stopped_line = issue.line;
            compose = dotenv::parse_compose(masked.substr(0, line_start(masked, issue.line)), environment);
            if (compose.fatal) {
                compose_stopped_line = 1;
                compose.bindings.clear();
            }
            break;
        }
    }
    std::set<int> rejected_lines;
    for (const auto& issue : a.compose_rejections) {
        rejected_lines.insert(issue.line);
    }
    std::vector<bool> compose_used(compose.bindings.size(), false);
    std::multimap<int, std::size_t> compose_at_line;  // line -> index in compose.bindings
    for (std::size_t k = 0; k < compose.bindings.size(); ++k) {
        compose_at_line.emplace(compose.bindings[k].line, k);
    }
    std::set<int> python_issue_lines;
    for (const auto& issue : a.python_issues) {
        python_issue_lines.insert(issue.line);
    }
    const LineIndex line_index(a.text);

    // Statements, and what compose made of each.
    std::map<std::string, std::optional<std::string>> earlier;  // python-dotenv's values so far
    for (std::size_t i = 0; i < python.bindings.size(); ++i) {
        Statement st;
        st.python = python.bindings[i];
        st.python_value = resolved[i].value;
        st.span = locate(a.text, line_index, st.python.line, st.python.col);
        const int last_line =
            st.python.line + (st.span ? lines_in(a.text, st.span->key_begin, st.span->end) : 0);
        const auto first_rejected = rejected_lines.lower_bound(st.python.line);
        st.compose_rejected_line = (first_rejected != rejected_lines.end() && *first_rejected <= last_line) ||
                                   (compose_stopped_line != 0 && last_line >= compose_stopped_line);
        for (auto [it, end] = compose_at_line.equal_range(st.python.line); it != end; ++it) {
            const auto& c = compose.bindings[it->second];
            if (!compose_used[it->second] && c.key == st.python.key) {
                compose_used[it->second] = true;
                st.compose_seen = true;
                st.compose_value = c.value;
                break;
            }
        }
        st.secret = redact::is_secret_key(st.python.key) ||
                    (st.python_value && redact::is_secret(st.python.key, *st.python_value)) ||
                    (st.compose_value && redact::is_secret(st.python.key, *st.compose_value)) ||
                    (st.python.value && redact::is_secret(st.python.key, *st.python.value));
        a.statements.push_back(std::move(st));
    }

    // 1. Statements python-dotenv skips.
    for (const auto& issue : a.python_issues) {
        std::vector<std::string> compose_keys;
        for (auto [it, end] = compose_at_line.equal_range(issue.line); it != end; ++it) {
            if (!compose_used[it->second]) {
                compose_used[it->second] = true;
                compose_keys.push_back(compose.bindings[it->second].key);
            }
        }
        std::string message = "python-dotenv skips this statement (" + issue.kind + ")";
        if (rejected_lines.count(issue.line) != 0) {
            message += "; compose rejects the whole file here";
        } else if (!compose_keys.empty()) {
            message += "; compose reads it and sets";
            for (std::size_t k = 0; k < compose_keys.size(); ++k) {
                message += (k == 0 ? " " : ", ") + (compose_keys[k].empty() ? std::string("an empty key") : compose_keys[k]);
            }
        } else {
            message += "; compose reads the line without setting a key";
        }
        Item item = make(Finding{"DGL501", Severity::error, compose_keys.empty() ? "" : compose_keys.front(),
                          {place(path, issue.line, issue.col)}, message, python_hint(issue.kind, !compose_keys.empty())},
                  issue.line);
        a.items.push_back(std::move(item));
    }

    // 2. compose's rejections of the whole file.
    std::map<int, std::string> key_at_line;
    std::set<int> bare_lines;
    for (const auto& st : a.statements) {
        key_at_line[st.python.line] = st.python.key;
        if (!st.python_value) {
            bare_lines.insert(st.python.line);
        }
    }
    for (std::size_t r = 0; r < a.compose_rejections.size(); ++r) {
        const auto& issue = a.compose_rejections[r];
        const bool python_skips = python_issue_lines.count(issue.line) != 0;
        const auto found = key_at_line.find(issue.line);
        const std::string key = found == key_at_line.end() ? std::string() : found->second;
        std::string message = "docker compose rejects the whole file: " + issue.kind;
        message += python_skips ? " (python-dotenv skips this statement)"
                                : (key.empty() ? "" : " (python-dotenv reads this line)");
        if (compose_stopped_line != 0 && r + 1 == a.compose_rejections.size()) {
            message += "; lint compares no further lines with compose (fix these first)";
        }
        a.items.push_back(make(Finding{"DGL502", Severity::error, key, {place(path, issue.line, issue.col)}, message,
                                   compose_hint(issue.kind)},
                           issue.line));
    }

    // 3. Statement by statement.
    for (std::size_t i = 0; i < a.statements.size(); ++i) {
        Statement& st = a.statements[i];
        const std::string& key = st.python.key;
        const auto lookup = [&](std::string_view name) -> std::optional<std::string> {
            if (auto v = environment ? environment(name) : std::nullopt) {
                return v;
            }
            const auto it = earlier.find(std::string(name));
            if (it != earlier.end() && it->second) {
                return it->second;
            }
            return std::nullopt;
        };
        const bool set_earlier = earlier.count(key) != 0 && earlier.at(key).has_value();
        if (!st.python_value) {
            // A bare KEY line.
            Item item = make(Finding{"DGL505", Severity::warning, key,
                              {place(path, st.python.line)},
                              std::string("a key alone on its line: python-dotenv does not set it") +
                                  (set_earlier ? " and forgets the earlier line's value" : "") +
                                  " (`dotenv run` drops it); compose copies it from the environment when set" +
                                  (set_earlier ? " and otherwise keeps the earlier value" : ""),
                              "write `KEY=value`, or delete the line"},
                      st.python.line);
            item.has_readings = true;
            item.python_dotenv = std::nullopt;
            item.compose = st.compose_value ? std::optional<std::string>(redact::display(key, *st.compose_value))
                                            : std::nullopt;
            a.items.push_back(std::move(item));
        } else if (st.compose_rejected_line) {
            st.needs_rewrite = true;  // reported by its DGL502; --fix may still find a spelling
        } else if (!st.compose_seen || st.compose_value != st.python_value) {
            st.needs_rewrite = true;
            if (st.span) {
                st.reasons = explain(*st.span, st.secret, lookup);
            }
            std::string message;
            if (!st.compose_seen) {
                message = "compose does not set the key on this line";
            } else if (st.reasons.empty()) {
                message = "the two readers give different values";
            }
            for (const auto& r : st.reasons) {
                message += (message.empty() ? "" : "; ") + r.what;
            }
            if (!st.secret) {
                message += " (python-dotenv reads " + reading(key, st.python_value) + ", compose reads " +
                           reading(key, st.compose_seen ? st.compose_value : std::nullopt) + ")";
            }
            Item item = make(Finding{"DGL503", Severity::error, key, {place(path, st.python.line)}, message, ""},
                      st.python.line);
            item.has_readings = true;
            item.python_dotenv = redact::display(key, *st.python_value);
            item.compose = st.compose_value ? std::optional<std::string>(redact::display(key, *st.compose_value))
                                            : std::nullopt;
            a.items.push_back(std::move(item));
        }

        // Constructs both read alike here but other readers or python-dotenv entry points do not:
        // a digit-leading key (a notice), a `${NAME}` whose meaning depends on the entry point (a warning).
        if (starts_with_digit(key)) {
            a.items.push_back(make(Finding{"DGL507", Severity::notice, key, {place(path, st.python.line)},
                                       "the key starts with a digit: both read it here, but compose-go's "
                                       "`dotenv.Read` drops such keys and no shell can export them",
                                       "start the key with a letter or `_`"},
                                   st.python.line));
        }
        if (st.python.value) {
            for (const auto& name : python_references(*st.python.value)) {
                const auto it = earlier.find(name);
                const auto env_value = environment ? environment(name) : std::nullopt;
                if (it != earlier.end() && it->second && env_value && *env_value != *it->second) {
                    a.items.push_back(make(Finding{
                        "DGL508", Severity::warning, key, {place(path, st.python.line)},
                        (st.secret ? std::string("a `${NAME}` reference") : "`${" + name + "}`") +
                            " names a key set earlier in this file and, differently, in the process environment: "
                            "load_dotenv (Diffgram), compose and this launcher take the environment's value; "
                            "`dotenv run`, `dotenv_values` and `--override` take the file's",
                        "use a name the environment does not set, or make the two agree"},
                        st.python.line));
                    break;
                }
            }
        }
        earlier[key] = st.python_value;
    }

    // 4. Keys only compose sets on lines python-dotenv reads some other way.
    for (std::size_t k = 0; k < compose.bindings.size(); ++k) {
        if (compose_used[k]) {
            continue;
        }
        const auto& c = compose.bindings[k];
        const bool bare_line = bare_lines.count(c.line) != 0;
        if (c.key.empty() && bare_line) {
            a.bare_key_at_eof = true;
            a.items.push_back(make(Finding{"DGL506", Severity::error, "", {place(path, c.line)},
                                       "a key alone on the last line with no line break after it: compose reads the "
                                       "key's name as the value of an empty key",
                                       "end the file with a line break (`lint --fix` adds it)"},
                               c.line));
            continue;
        }
        Item item = make(Finding{"DGL503", Severity::error, c.key, {place(path, c.line)},
                          "only compose sets " + (c.key.empty() ? std::string("an empty key") : c.key) +
                              " on this line; python-dotenv reads the line otherwise",
                          "write one `KEY=value` per line"},
                  c.line);
        item.has_readings = true;
        item.compose = c.value ? std::optional<std::string>(redact::display(c.key, *c.value)) : std::nullopt;
        a.items.push_back(std::move(item));
    }

    // 5. Hints: the spelling both read as python-dotenv reads the line now.
    std::map<std::pair<int, std::string>, std::size_t> item_at;  // (line, key) of a DGL502/DGL503
    for (std::size_t k = 0; k < a.items.size(); ++k) {
        const auto& f = a.items[k].finding;
        if (f.code == "DGL503" || f.code == "DGL502") {
            item_at.emplace(std::make_pair(a.items[k].line, f.key), k);
        }
    }
    EarlierKeys so_far(environment);
    for (std::size_t i = 0; i < a.statements.size(); ++i) {
        const Statement& st = a.statements[i];
        const auto found = item_at.find({st.python.line, st.python.key});
        if (st.needs_rewrite && found != item_at.end()) {
            Item& item = a.items[found->second];
            std::string reason_hints;
            for (const auto& r : st.reasons) {
                reason_hints += (reason_hints.empty() ? "" : "; ") + r.hint;
            }
            if (const auto p = propose(a, i, so_far.lookup())) {
                // A proposal spanning lines is shown with its line breaks escaped, as JSON would.
                std::string shown_statement = p->statement;
                if (shown_statement.find_first_of("\r\n") != std::string::npos) {
                    const std::string q = util::json_quote(shown_statement);
                    shown_statement = q.substr(1, q.size() - 2);
                }
                std::string hint = st.secret ? "write it with " + p->how
                                             : "write it as `" + shown_statement + "`";
                hint += ": both readers then read what python-dotenv reads now";
                if (p->resolved) {
                    hint += " (the `${...}` python-dotenv expands to nothing is written as its result)";
                }
                hint += "; `lint --fix` does this";
                if (item.finding.code == "DGL502") {
                    hint = item.finding.hint + "; or " + hint;
                }
                item.finding.hint = hint;
            } else if (item.finding.code == "DGL503") {
                item.finding.hint = (reason_hints.empty() ? std::string("write the value so that both read it alike")
                                                          : reason_hints) +
                                    " (no spelling keeps python-dotenv's current reading in both; `lint --fix` "
                                    "leaves this line alone)";
            }
        }
        so_far.add(st);
    }

    // 6. Whatever still differs at the end of the file (last line wins, a bare key unsets).
    std::map<std::string, std::optional<std::string>> python_final;
    std::map<std::string, std::pair<std::optional<std::string>, int>> compose_final;
    std::map<std::string, int> last_line;
    for (const auto& st : a.statements) {
        python_final[st.python.key] = st.python_value;
        last_line[st.python.key] = st.python.line;
    }
    if (a.compose_rejections.empty()) {
        for (const auto& c : compose.bindings) {
            compose_final[c.key] = {c.value, c.line};
        }
        std::set<std::string> keys;
        for (const auto& [k, v] : python_final) {
            if (v) {
                keys.insert(k);
            }
        }
        for (const auto& [k, v] : compose_final) {
            keys.insert(k);
        }
        std::set<std::string> reported;
        for (const auto& it : a.items) {
            if (counts(it)) {
                reported.insert(it.finding.key);
            }
        }
        for (const auto& k : keys) {
            if (reported.count(k) != 0) {
                continue;
            }
            const auto p = python_final.count(k) != 0 ? python_final.at(k) : std::nullopt;
            const auto c = compose_final.count(k) != 0 ? compose_final.at(k).first : std::nullopt;
            if (p == c) {
                continue;
            }
            const int line = last_line.count(k) != 0 ? last_line.at(k) : compose_final.at(k).second;
            Item item = make(Finding{"DGL503", Severity::error, k, {place(path, line)},
                              "the file ends with different values for the key in the two readers",
                              "set the key once, with `KEY=value`"},
                      line);
            item.has_readings = true;
            item.python_dotenv = p ? std::optional<std::string>(redact::display(k, *p)) : std::nullopt;
            item.compose = c ? std::optional<std::string>(redact::display(k, *c)) : std::nullopt;
            a.items.push_back(std::move(item));
        }
    }

    // Report in file order.
    std::stable_sort(a.items.begin(), a.items.end(), [](const Item& x, const Item& y) { return x.line < y.line; });
    return a;
}

}  // namespace dgl::lint
