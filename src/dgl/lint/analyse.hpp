// `lint` on one file: every statement read by both dialects (python-dotenv 1.0.0 as Diffgram's
// load_dotenv does, docker compose as compose-go does), compared, and each difference or skipped
// construct turned into a finding (DGL5xx) with the place, the key, what differs and a way out.
#pragma once

#include "dgl/check/finding.hpp"
#include "dgl/env/dotenv.hpp"
#include "dgl/lint/explain.hpp"
#include "dgl/lint/statement.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::lint {

/// One finding plus how each reader reads the key (already passed through redact::display).
struct Item {
    check::Finding finding;
    int line = 0;                               ///< physical line the finding is about (for ordering)
    bool has_readings = false;                  ///< the two fields below are meaningful
    std::optional<std::string> python_dotenv;   ///< nullopt: python-dotenv does not set the key here
    std::optional<std::string> compose;         ///< nullopt: compose does not set the key here
};

/// One python-dotenv statement and what both readers make of it.
struct Statement {
    dotenv::Binding python;                      ///< raw (decoded, not yet interpolated) value
    std::optional<std::string> python_value;     ///< interpolated; nullopt for a bare key
    bool compose_seen = false;                   ///< compose bound this key on this line
    std::optional<std::string> compose_value;
    bool compose_rejected_line = false;          ///< compose's fatal error is on this statement's line
    std::optional<Span> span;
    bool secret = false;
    bool needs_rewrite = false;                  ///< the readers disagree in a way --fix may repair
    std::vector<Reason> reasons;
};

struct Analysis {
    std::string path;
    std::string text;                 ///< the file's bytes, a leading BOM removed
    bool bom = false;
    std::vector<Statement> statements;
    std::vector<dotenv::Issue> python_issues;
    std::vector<dotenv::Issue> compose_rejections;  ///< one per line compose refused (see analyse)
    bool python_unreadable = false;   ///< not UTF-8: python-dotenv raises, nothing is read
    bool bare_key_at_eof = false;     ///< compose's `{"": "KEY"}` quirk: needs a final line break
    bool lone_cr = false;             ///< a line ends in a lone `\r`: a line break for python-dotenv only
    std::vector<Item> items;
};

/// Variable lookup of both readers in `lint`: the process environment only (see README).
using Environment = Lookup;

/// The lookup both readers use at one statement: the environment first, then the keys of the file
/// read so far (python-dotenv's values; a bare key hides an earlier value). Fed in file order.
class EarlierKeys {
public:
    explicit EarlierKeys(Environment environment) : environment_(std::move(environment)) {}
    void add(const Statement& st);
    Lookup lookup() const;

private:
    Environment environment_;
    std::map<std::string, std::optional<std::string>, std::less<>> values_;
};

/// Reads `text` (the content of `path`) with both dialects against `environment` and reports.
Analysis analyse(const std::string& path, std::string_view text, const Environment& environment);

/// True when a finding makes `lint` exit 1 (errors and warnings; notices do not).
bool counts(const Item& item);

}  // namespace dgl::lint
