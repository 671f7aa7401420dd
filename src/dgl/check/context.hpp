// What every catalog check reads: the resolved variables, the catalog and the service profile,
// with the lookups Diffgram itself makes (a value, else Diffgram's default).
#pragma once

#include "dgl/catalog/catalog.hpp"
#include "dgl/check/finding.hpp"
#include "dgl/env/variable.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dgl::check {

/// A resolved variable the catalog knows, with its entry.
struct KnownVar {
    const std::string& key;
    const env::Variable& var;
    const catalog::Entry& entry;
};

struct Context {
    const env::EnvMap& vars;
    const catalog::Catalog& cat;
    std::string service;  ///< --service; empty = no profile
    /// known()'s answer, made on first use. The check families that read catalog keys walk
    /// this short list instead of every variable (100k-key files: one pass instead of five).
    mutable std::shared_ptr<const std::vector<KnownVar>> known_cache{};

    /// The variables the catalog knows, in key order.
    [[nodiscard]] const std::vector<KnownVar>& known() const;
    /// The resolved variable, or nullptr when no source sets `key`.
    [[nodiscard]] const env::Variable* get(std::string_view key) const;
    /// How redaction sees `key`'s value: from a secret file or not (env::redaction_source).
    [[nodiscard]] redact::Source source_of(std::string_view key) const;
    /// The value Diffgram sees: the resolved one, else the catalog default, else nullopt (None).
    [[nodiscard]] std::optional<std::string> effective(std::string_view key) const;
    /// {where the value came from}, or {} when it is not set.
    [[nodiscard]] std::vector<std::string> sources(std::string_view key) const;
    /// The effective DIFFGRAM_SYSTEM_MODE and DIFFGRAM_STATIC_STORAGE_PROVIDER ("" when unset).
    [[nodiscard]] std::string mode() const;
    [[nodiscard]] std::string provider() const;
    /// The effective bool of a bool setting; nullopt when it does not parse.
    [[nodiscard]] std::optional<bool> flag(std::string_view key) const;
    /// True while the entry's `required` condition holds (for_services: when the service reads it).
    [[nodiscard]] bool required_now(const catalog::Entry& e) const;
};

/// A value as a message may show it: ` ('shown')` through redact::display for non-secrets
/// (control characters replaced, long values cut), or "" for secrets, including any value of
/// `key` when it came from a secret file.
std::string shown(const Context& ctx, std::string_view key, std::string_view value);

/// Diffgram's "missing": unset, blank, or the placeholder `none`.
bool missing(const std::optional<std::string>& value);

/// A finding about `key` at the place its value came from.
Finding make(const Context& ctx, const char* code, Severity sev, std::string_view key, std::string message,
             std::string hint);

}  // namespace dgl::check
