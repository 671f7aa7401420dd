// Why python-dotenv and docker compose read one statement differently (see explain.hpp). The rules
// are dotenv-dialects.md §C.2-C.3, checked against dotenv_python.cpp and dotenv_compose.cpp; the
// caller only asks when the two readings really differ, so a rule here may over-report a construct
// but never decides whether there is a difference.
#include "dgl/lint/explain.hpp"

#include <algorithm>

namespace dgl::lint {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

/// The construct as the user wrote it, or for a secret a generic stand-in that quotes nothing.
std::string shown(bool secret, std::string_view text, std::string_view generic) {
    return secret ? std::string(generic) : code(text);
}

bool name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

void add(std::vector<Reason>& out, Reason r) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Reason& x) { return x.what == r.what; });
    if (!seen) {
        out.push_back(std::move(r));
    }
}

/// `$` constructs as compose's template reads them: `$$`, `$NAME`, `${NAME<op>...}`. `text` is what
/// compose interpolates (an unquoted value after its comment cut, or a double-quoted value whose
/// `\$` were already taken out by the caller).
void dollar_constructs(std::string_view text, bool secret, const Lookup& lookup, std::vector<Reason>& out) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '$') {
            continue;
        }
        const char next = text[i + 1];
        if (next == '$') {
            add(out, {"compose reads `$$` as one `$`; python-dotenv keeps both",
                      "put the value in single quotes: both keep every `$` inside them as written"});
            ++i;
            continue;
        }
        if (name_start(next)) {
            std::size_t e = i + 1;
            while (e < text.size() && name_char(text[e])) {
                ++e;
            }
            const std::string_view ref = text.substr(i, e - i);
            add(out, {"compose expands " + shown(secret, ref, "a `$NAME` reference") + "; python-dotenv keeps it literally",
                      "to keep it literal in both, put the value in single quotes; to expand it in both, write " +
                          (secret ? std::string("`${NAME}`") : code("${" + std::string(ref.substr(1)) + "}"))});
            i = e - 1;
            continue;
        }
        if (next != '{') {
            continue;  // a lone `$` is literal in both
        }
        std::size_t n = i + 2;
        if (n >= text.size() || !name_start(text[n])) {
            continue;  // compose rejects the file (invalid template): reported on its own
        }
        while (n < text.size() && name_char(text[n])) {
            ++n;
        }
        const std::string name(text.substr(i + 2, n - i - 2));
        if (n >= text.size() || text[n] == '}') {
            i = n;
            continue;  // `${NAME}`: the same in both
        }
        std::string op;
        if (text[n] == ':' && n + 1 < text.size()) {
            op = text.substr(n, 2);
        } else {
            op = text.substr(n, 1);
        }
        if (op != ":-" && op != "-" && op != ":+" && op != "+" && op != ":?" && op != "?") {
            continue;  // invalid template: reported on its own
        }
        // The operand runs to the matching `}` (compose nests `${...}` inside defaults).
        std::size_t k = n + op.size();
        int depth = 1;
        const std::size_t operand_begin = k;
        for (; k < text.size(); ++k) {
            if (text[k] == '$' && k + 1 < text.size() && text[k + 1] == '{') {
                ++depth;
                ++k;
            } else if (text[k] == '}' && --depth == 0) {
                break;
            }
        }
        const std::string_view operand = text.substr(operand_begin, std::min(k, text.size()) - operand_begin);
        const std::string whole = "${" + name + op + "…}";
        const std::string var = secret ? std::string("the variable") : name;
        if (op == ":-") {
            if (auto v = lookup ? lookup(name) : std::nullopt; v && v->empty()) {
                add(out, {var + " is set but empty: compose uses the default of " +
                              shown(secret, whole, "a `${NAME:-default}`") +
                              ", python-dotenv uses the empty value (its default applies only when unset)",
                          "give " + var + " a non-empty value, or write the value without a default"});
            }
        } else if (op == "-") {
            add(out, {"compose reads " + shown(secret, whole, "a `${NAME-default}`") +
                          " as a default for an unset variable; python-dotenv looks up a variable named " +
                          (secret ? std::string("`NAME-default`") : code(name + "-" + std::string(operand))),
                      "write " + (secret ? std::string("`${NAME:-default}`") : code("${" + name + ":-" + std::string(operand) + "}")) +
                          ": both use the default when the variable is unset"});
        } else if (op == ":+" || op == "+") {
            add(out, {"compose substitutes the alternative value of " + shown(secret, whole, "a `${NAME:+alt}`") +
                          "; python-dotenv keeps the text as written",
                      "python-dotenv has no `:+`: write the value you want literally"});
        } else {
            add(out, {"compose checks that " + var + " is set for " + shown(secret, whole, "a `${NAME:?error}`") +
                          " and otherwise rejects the file; python-dotenv keeps the text as written",
                      "python-dotenv has no `:?`: write " + (secret ? std::string("`${NAME}`") : code("${" + name + "}")) +
                          " and check the variable elsewhere"});
        }
        if ((op == ":-" || op == "-") && operand.find('$') != npos) {
            add(out, {"compose expands the `$` inside the default of " + shown(secret, whole, "a `${NAME:-default}`") +
                          "; python-dotenv takes the default literally and ends it at the first `}`",
                      "do not nest references in defaults: set the default in a key of its own"});
        }
        i = std::min(k, text.size() - 1);
    }
}

/// python-dotenv's `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}`: is there a match?
bool python_expands(std::string_view text) {
    for (std::size_t i = text.find("${"); i != npos; i = text.find("${", i + 1)) {
        const std::size_t stop = text.find_first_of("}:", i + 2);
        if (stop == npos) {
            return false;
        }
        if (text[stop] == '}') {
            return true;
        }
        if (stop + 1 < text.size() && text[stop + 1] == '-' && text.find('}', stop + 2) != npos) {
            return true;
        }
    }
    return false;
}

/// compose's cut of an unquoted value: up to the first " #", right-trimmed.
std::string compose_unquoted(std::string_view rest) {
    std::string_view v = rest.substr(0, rest.find(" #"));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\v' || v.back() == '\f' ||
                          v.back() == '\r')) {
        v.remove_suffix(1);
    }
    return std::string(v);
}

}  // namespace

std::vector<Reason> explain(const Span& span, bool secret, const Lookup& lookup) {
    std::vector<Reason> out;
    if (span.quote != Quote::none && span.raw_value.find('\r') != npos) {
        add(out, {"a line break inside the quoted value is CRLF (or CR): python-dotenv reads the file with Python's "
                  "universal newlines and gets `\\n`, compose keeps the `\\r`",
                  "save the file with LF line endings, or write the line break as `\\n` in double quotes"});
    }
    switch (span.quote) {
    case Quote::none: {
        const std::string compose_value = compose_unquoted(span.rest_of_line);
        if (compose_value != span.raw_value) {
            add(out, {"python-dotenv ends the value at the blank before `#` (here not a plain space); compose "
                      "starts a comment only at a space followed by `#`",
                      "put one space before an inline comment, or quote the value"});
        }
        dollar_constructs(compose_value, secret, lookup, out);
        break;
    }
    case Quote::single:
        if (span.raw_value.find("\\\\") != npos) {
            add(out, {"inside single quotes python-dotenv reads `\\\\` as one backslash; compose keeps both",
                      "write a single backslash: inside single quotes both keep it"});
        }
        if (python_expands(span.raw_value)) {
            add(out, {"python-dotenv expands " + shown(secret, "${…}", "a `${NAME}` reference") +
                          " even inside single quotes; compose keeps it literally",
                      "use double quotes if it should be expanded (both expand `${NAME}` there); python-dotenv "
                      "cannot keep `${` literal in any quoting"});
        }
        break;
    case Quote::double_: {
        // Escapes first, as compose does before interpolating; `\$` leaves a literal `$` in compose.
        std::string for_template;
        const std::string& v = span.raw_value;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] != '\\' || i + 1 >= v.size()) {
                for_template += v[i];
                continue;
            }
            const char c = v[i + 1];
            if (c == '$') {
                add(out, {"compose reads `\\$` as `$`; python-dotenv keeps the backslash",
                          "put the value in single quotes and write `$` without a backslash: both keep it"});
                for_template += '_';  // a literal character that starts no construct
            } else if (c == '\'') {
                add(out, {"inside double quotes python-dotenv reads `\\'` as `'`; compose keeps the backslash",
                          "write `'` without a backslash"});
            } else if (c == '0') {
                add(out, {"compose decodes the octal escape `\\0NNN`; python-dotenv keeps it as written",
                          "write the character itself"});
            }
            if (c != '$') {
                for_template += '_';
                for_template += '_';
            }
            ++i;
        }
        dollar_constructs(for_template, secret, lookup, out);
        break;
    }
    }
    return out;
}

}  // namespace dgl::lint
