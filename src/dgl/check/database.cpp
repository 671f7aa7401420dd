// DATABASE_URL as SQLAlchemy parses it, and its agreement with DATABASE_HOST/NAME/USER/PASS,
// which db-init.sh uses to wait for the database that alembic then migrates through DATABASE_URL.
#include "dgl/check/checks.hpp"
#include "dgl/check/shapes.hpp"

#include "dgl/util/strings.hpp"

#include <array>

namespace dgl::check {

Findings check_database(const Context& ctx) {
    Findings out;
    for (const auto& known : ctx.known()) {
        const std::string& key = known.key;
        const env::Variable& var = known.var;
        const catalog::Entry* e = &known.entry;
        if (e->type != catalog::Type::sqlalchemy_url) {
            continue;
        }
        auto url = parse_sqlalchemy_url(util::trim(var.value));
        if (!url) {
            out.push_back(make(ctx, "DGL209", Severity::error, key,
                               "is not a SQLAlchemy URL (or its port is not a number)",
                               "write postgresql+psycopg2://USER:PASSWORD@HOST:PORT/DATABASE, percent-encoding "
                               "special characters in the password"));
            continue;
        }
        if (url->drivername == "postgres" || url->drivername.starts_with("postgres+")) {
            out.push_back(make(ctx, "DGL209", Severity::error, key,
                               "uses the scheme postgres://, which SQLAlchemy 1.4 and later reject",
                               "write postgresql+psycopg2:// instead"));
        } else if (url->drivername != "postgresql" && !url->drivername.starts_with("postgresql+")) {
            out.push_back(make(ctx, "DGL211", Severity::warning, key,
                               "names a database other than PostgreSQL (dialect " + url->drivername + ")",
                               "Diffgram's session options and migrations need PostgreSQL: "
                               "postgresql+psycopg2://..."));
        }
    }

    // Agreement, on the URL Diffgram uses (its default when DATABASE_URL is unset).
    const auto url_value = ctx.effective("DATABASE_URL");
    const auto url = url_value ? parse_sqlalchemy_url(util::trim(*url_value)) : std::nullopt;
    if (!url) {
        return out;
    }
    struct Part {
        const char* key;
        const char* what;
        std::optional<std::string> in_url;
    };
    const std::array<Part, 4> parts{{
        {"DATABASE_HOST", "host", url->host},
        {"DATABASE_NAME", "database name", url->database},
        {"DATABASE_USER", "user", url->username},
        {"DATABASE_PASS", "password", url->password},
    }};
    const bool url_set = ctx.get("DATABASE_URL") != nullptr;
    for (const auto& p : parts) {
        const auto* v = ctx.get(p.key);
        if (v == nullptr || (p.in_url && *p.in_url == v->value)) {
            continue;
        }
        Finding f = make(ctx, "DGL210", Severity::error, p.key,
                         std::string("differs from the ") + p.what + " in DATABASE_URL" +
                             (url_set ? "" : " (not set, so Diffgram's default applies)"),
                         "db-init.sh waits for the database these keys name, alembic and the services use "
                         "DATABASE_URL: make them describe the same database");
        if (url_set) {
            f.sources.push_back(ctx.get("DATABASE_URL")->origin.where);
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace dgl::check
