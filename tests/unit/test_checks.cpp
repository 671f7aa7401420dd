// Unit tests of the catalog check families: each check with an input that passes and one that fails.
#include "check_helpers.hpp"

#include "dgl/check/shapes.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sys/stat.h>
#include <unistd.h>

using namespace dgl;
using namespace dgl::test;
using check::Severity;

namespace {

/// A temporary directory removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "dgl-checks-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
        const auto p = path / name;
        std::ofstream(p) << text;
        ::chmod(p.c_str(), mode);
        return p.string();
    }
};

}  // namespace

TEST_CASE("the complete minio base configuration passes every family") {
    const auto fs = check::run_all([] {
        static const auto m = vars(minio_base());
        return check::Context{m, catalog::builtin(), "walrus"};
    }());
    for (const auto& f : fs) {
        INFO(f.code << " " << f.key << " " << f.message);
        CHECK(f.severity != Severity::error);
        CHECK(f.severity != Severity::warning);
    }
}

TEST_CASE("DGL201: bools use EnvAdapter's vocabulary exactly") {
    for (const char* ok : {"true", "False", " YES ", "y", "0", "n", ""}) {
        CHECK_FALSE(has(run(check::check_types, with(minio_base(), {{"RUNNING_LOCALLY", ok}})), "DGL201"));
    }
    for (const char* bad : {"on", "off", "enabled", "2", "\"False\""}) {
        const auto fs = run(check::check_types, with(minio_base(), {{"RUNNING_LOCALLY", bad}}));
        REQUIRE(has(fs, "DGL201", "RUNNING_LOCALLY"));
        CHECK(find(fs, "DGL201")->severity == Severity::error);
        CHECK(find(fs, "DGL201")->sources == std::vector<std::string>{"t.env:11"});
    }
}

TEST_CASE("DGL202: ints as Python int() reads them") {
    for (const char* ok : {"5672", " 20 ", "-1", "+3", "1_000"}) {
        CHECK_FALSE(has(run(check::check_types, with(minio_base(), {{"RABBITMQ_PORT", ok}})), "DGL202"));
    }
    for (const char* bad : {"", "INFO", "5672.0", "1__0", "_1", "0x10"}) {
        CHECK(has(run(check::check_types, with(minio_base(), {{"RABBITMQ_PORT", bad}})), "DGL202", "RABBITMQ_PORT"));
    }
}

TEST_CASE("DGL203: enums are case-sensitive") {
    CHECK_FALSE(has(run(check::check_types, with(minio_base(), {{"DIFFGRAM_SYSTEM_MODE", "testing_e2e"}})), "DGL203"));
    const auto fs = run(check::check_types, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "MinIO"}}));
    REQUIRE(has(fs, "DGL203", "DIFFGRAM_STATIC_STORAGE_PROVIDER"));
    CHECK(find(fs, "DGL203")->hint.find("write minio") != std::string::npos);
    CHECK(has(run(check::check_types, with(minio_base(), {{"DIFFGRAM_SYSTEM_MODE", "prod"}})), "DGL203",
              "DIFFGRAM_SYSTEM_MODE"));
    CHECK(has(run(check::check_types, with(minio_base(), {{"DIFFGRAM_SYSTEM_MODE", ""}})), "DGL203"));
}

TEST_CASE("DGL204/205: URL_BASE and WALRUS_SERVICE_URL_BASE are http(s) URLs") {
    CHECK_FALSE(has(run(check::check_types, with(minio_base(), {{"WALRUS_SERVICE_URL_BASE", "http://walrus:8082/"}})),
                    "DGL204"));
    CHECK(has(run(check::check_types, with(minio_base(), {{"WALRUS_SERVICE_URL_BASE", "walrus:8082"}})), "DGL204",
              "WALRUS_SERVICE_URL_BASE"));
    CHECK(has(run(check::check_types, with(minio_base(), {{"URL_BASE", ""}})), "DGL204", "URL_BASE"));
    CHECK(has(run(check::check_types, with(minio_base(), {{"URL_BASE", "ftp://x/"}})), "DGL204", "URL_BASE"));
    CHECK(has(run(check::check_types, with(minio_base(), {{"URL_BASE", "https://"}})), "DGL204", "URL_BASE"));
    // An unselected provider's URL (Helm writes none there) is not read, so not checked.
    CHECK_FALSE(has(run(check::check_types, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "aws"},
                                                                {"DIFFGRAM_MINIO_ENDPOINT_URL", "none"}})),
                    "DGL204"));
    CHECK_FALSE(has(run(check::check_types, minio_base()), "DGL205"));
    const auto fs = run(check::check_types, without(minio_base(), "URL_BASE"));
    REQUIRE(has(fs, "DGL205", "URL_BASE"));
    CHECK(find(fs, "DGL205")->severity == Severity::notice);
    CHECK(find(run(check::check_types, with(without(minio_base(), "URL_BASE"), {{"DIFFGRAM_SYSTEM_MODE", "production"}})),
               "DGL205")->severity == Severity::warning);
}

TEST_CASE("shapes: Fernet keys") {
    using check::FernetShape;
    CHECK(check::classify_fernet_key("NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI=") == FernetShape::ok);
    CHECK(check::classify_fernet_key("NeL+RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI=") == FernetShape::standard_alphabet);
    CHECK(check::classify_fernet_key("b'NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI='") == FernetShape::bytes_repr);
    CHECK(check::classify_fernet_key("NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI") == FernetShape::wrong_length);
    CHECK(check::classify_fernet_key("NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEd==") == FernetShape::wrong_length);
    CHECK(check::classify_fernet_key("") == FernetShape::wrong_length);
    CHECK(check::classify_fernet_key("NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHE I=") == FernetShape::bad_characters);
}

TEST_CASE("DGL206/207/208: FERNET_KEY") {
    const std::string good = "glNT1T8trJS_ud70isAxAYzQyVW3oT4nQnf-FuwEphM=";
    CHECK(run(check::check_fernet, with(minio_base(), {{"FERNET_KEY", good}})).empty());
    CHECK(has(run(check::check_fernet, with(minio_base(), {{"FERNET_KEY", "short"}})), "DGL206", "FERNET_KEY"));
    const auto fs = run(check::check_fernet, with(minio_base(), {{"FERNET_KEY", "b'" + good + "'"}}));
    REQUIRE(has(fs, "DGL207", "FERNET_KEY"));
    CHECK(find(fs, "DGL207")->hint.find("remove the leading b") != std::string::npos);
    CHECK(has(run(check::check_fernet, with(minio_base(), {{"FERNET_KEY", "glNT1T8trJS/ud70isAxAYzQyVW3oT4nQnf+FuwEphM="}})),
              "DGL208"));
}

TEST_CASE("shapes: SQLAlchemy URLs as make_url splits them") {
    auto u = check::parse_sqlalchemy_url("postgresql+psycopg2://us%40r:p%3Ass@db:5432/diffgram?sslmode=require");
    REQUIRE(u);
    CHECK(u->drivername == "postgresql+psycopg2");
    CHECK(*u->username == "us@r");
    CHECK(*u->password == "p:ss");
    CHECK(u->host == "db");
    CHECK(*u->port == "5432");
    CHECK(*u->database == "diffgram");
    CHECK(check::parse_sqlalchemy_url("postgresql://[::1]/x")->host == "::1");
    CHECK_FALSE(check::parse_sqlalchemy_url("db:5432/diffgram"));
    CHECK_FALSE(check::parse_sqlalchemy_url("postgresql://db:port/diffgram"));
}

TEST_CASE("shapes: the hand-written SQLAlchemy URL parser agrees with SQLAlchemy's pattern") {
    // The pattern of sqlalchemy/engine/url.py (2.0) as a full match: the reference the parser
    // replaces (compiling it cost a quarter of a launch). Generated strings over the characters
    // the pattern branches on, plus the catalog's own examples.
    static const std::regex pattern(
        R"(^([\w+]+)://(?:([^:/]*)(?::(.*))?@)?(?:(?:\[([^/?]+)\]|([^/:?]+))?(?::([^/?]*))?)?(?:/([^?]*))?(?:\?(.*))?$)");
    const std::string alphabet = "ab1_+:/@?[]%\n";
    std::mt19937 rng(20261203);
    std::vector<std::string> inputs = {"postgresql+psycopg2://postgres:pa@ss@db:5432/diffgram",
                                       "postgresql://u@h", "postgresql://[::1]:5432/x?y", "sqlite://",
                                       "postgresql://:@/", "postgresql://a:b@[c]d/e", "x://a@b@c:d@e"};
    for (int n = 0; n < 20000; ++n) {
        std::string s = n % 2 == 0 ? "pg+x://" : "";
        const size_t len = rng() % 14;
        for (size_t i = 0; i < len; ++i) {
            s += alphabet[rng() % alphabet.size()];
        }
        inputs.push_back(s);
    }
    for (const auto& s : inputs) {
        std::smatch m;
        const bool re = std::regex_match(s, m, pattern);
        const auto u = check::parse_sqlalchemy_url(s);
        INFO("input: " << s);
        if (!re) {
            CHECK_FALSE(u);
            continue;
        }
        const bool bad_port = m[6].matched && m[6].length() > 0 && !check::parse_python_int(m[6].str());
        REQUIRE(bool(u) == !bad_port);
        if (!u) {
            continue;
        }
        CHECK(u->drivername == m[1].str());
        CHECK(u->username.has_value() == m[2].matched);
        CHECK(u->password.has_value() == m[3].matched);
        if (s.find('%') == std::string::npos) {  // nothing to percent-decode: the groups verbatim
            CHECK(u->username.value_or("") == m[2].str());
            CHECK(u->password.value_or("") == m[3].str());
        }
        CHECK(u->host == (m[4].matched ? m[4].str() : m[5].str()));
        CHECK(u->port.has_value() == (m[6].matched && m[6].length() > 0));
        CHECK(u->database.has_value() == m[7].matched);
        if (u->database) {
            CHECK(*u->database == m[7].str());
        }
    }
}

TEST_CASE("DGL209/210/211: DATABASE_URL parses and agrees with db-init.sh's keys") {
    const KV db{{"DATABASE_URL", "postgresql+psycopg2://postgres:Pw0rdPw0rdPw0rd9@db/diffgram"},
                {"DATABASE_HOST", "db"}, {"DATABASE_NAME", "diffgram"}, {"DATABASE_USER", "postgres"},
                {"DATABASE_PASS", "Pw0rdPw0rdPw0rd9"}};
    CHECK(run(check::check_database, with(minio_base(), db)).empty());
    CHECK(has(run(check::check_database, with(minio_base(), {{"DATABASE_URL", "not a url"}})), "DGL209", "DATABASE_URL"));
    CHECK(has(run(check::check_database, with(minio_base(), {{"DATABASE_URL", "postgres://u:p@h/d"}})), "DGL209"));
    CHECK(has(run(check::check_database, with(minio_base(), {{"DATABASE_URL", "mysql://u:p@h/d"}})), "DGL211"));
    auto fs = run(check::check_database, with(minio_base(), with(db, {{"DATABASE_PASS", "other"}, {"DATABASE_HOST", "db2"}})));
    REQUIRE(has(fs, "DGL210", "DATABASE_PASS"));
    REQUIRE(has(fs, "DGL210", "DATABASE_HOST"));
    CHECK_FALSE(has(fs, "DGL210", "DATABASE_USER"));
    CHECK(find(fs, "DGL210", "DATABASE_PASS")->sources.size() == 2);  // the key and DATABASE_URL
    // DATABASE_URL unset: Diffgram's default (127.0.0.1) is what the services use.
    CHECK(has(run(check::check_database, with(minio_base(), {{"DATABASE_HOST", "db"}})), "DGL210", "DATABASE_HOST"));
}

TEST_CASE("DGL212: the selected provider's keys are required") {
    CHECK_FALSE(has(run(check::check_required, minio_base()), "DGL212"));
    auto fs = run(check::check_required, with(minio_base(), {{"DIFFGRAM_MINIO_ACCESS_KEY_SECRET", "none"}}));
    REQUIRE(has(fs, "DGL212", "DIFFGRAM_MINIO_ACCESS_KEY_SECRET"));
    CHECK(find(fs, "DGL212")->severity == Severity::error);
    CHECK(find(fs, "DGL212")->message.find("placeholder none") != std::string::npos);
    CHECK(find(fs, "DGL212")->sources == std::vector<std::string>{"t.env:4", "t.env:1"});
    fs = run(check::check_required, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "aws"}}));
    for (const char* k : {"DIFFGRAM_AWS_ACCESS_KEY_ID", "DIFFGRAM_AWS_ACCESS_KEY_SECRET", "DIFFGRAM_S3_BUCKET_REGION"}) {
        CHECK(has(fs, "DGL212", k));
    }
    CHECK_FALSE(has(fs, "DGL212", "DIFFGRAM_MINIO_ENDPOINT_URL"));
    // The provider itself: an error for a backend service, a warning without --service.
    const auto none = without(minio_base(), "DIFFGRAM_STATIC_STORAGE_PROVIDER");
    CHECK(find(run(check::check_required, none, "default"), "DGL212")->severity == Severity::error);
    CHECK(find(run(check::check_required, none), "DGL212")->severity == Severity::warning);
    CHECK_FALSE(has(run(check::check_required, none, "frontend"), "DGL212"));
}

TEST_CASE("DGL213: identity keys") {
    CHECK_FALSE(has(run(check::check_required, minio_base(), "walrus"), "DGL213"));
    const auto kv = without(minio_base(), "DIFFGRAM_HOST_OS");
    CHECK(find(run(check::check_required, kv, "walrus"), "DGL213", "DIFFGRAM_HOST_OS")->severity == Severity::error);
    CHECK(find(run(check::check_required, kv, "eventhandlers"), "DGL213")->severity == Severity::error);
    CHECK(find(run(check::check_required, kv, "default"), "DGL213")->severity == Severity::warning);
    CHECK(find(run(check::check_required, kv), "DGL213")->severity == Severity::warning);
    CHECK_FALSE(has(run(check::check_required, kv, "frontend"), "DGL213"));
}

TEST_CASE("DGL214: another provider's real-looking secret, naming both sources") {
    CHECK_FALSE(has(run(check::check_storage, with(minio_base(), {{"DIFFGRAM_AWS_ACCESS_KEY_SECRET", "none"},
                                                                  {"DIFFGRAM_AZURE_CONNECTION_STRING",
                                                                   "put_your_azure_connection_string_here"}})),
                    "DGL214"));
    CHECK_FALSE(has(run(check::check_storage, with(minio_base(), {{"DIFFGRAM_AWS_ACCESS_KEY_SECRET", ""}})), "DGL214"));
    const auto fs = run(check::check_storage, with(minio_base(), {{"DIFFGRAM_AWS_ACCESS_KEY_SECRET", "wJalrXUtnFEMI/K7MDENG"}}));
    REQUIRE(has(fs, "DGL214", "DIFFGRAM_AWS_ACCESS_KEY_SECRET"));
    CHECK(find(fs, "DGL214")->severity == Severity::warning);
    CHECK(find(fs, "DGL214")->sources == std::vector<std::string>{"t.env:11", "t.env:1"});
}

TEST_CASE("DGL215/216: GCP credential files") {
    TempDir d;
    const auto json = d.write("sa.json", R"({"type": "service_account"})");
    const auto text = d.write("sa.txt", "not json");
    const KV gcp{{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "gcp"}, {"CLOUD_STORAGE_BUCKET", "b"}, {"ML__CLOUD_STORAGE_BUCKET", "b"},
                 {"SERVICE_ACCOUNT_FULL_PATH", json}, {"GOOGLE_APPLICATION_CREDENTIALS", json}};
    CHECK_FALSE(has(run(check::check_storage, gcp), "DGL215"));
    CHECK(has(run(check::check_storage, with(gcp, {{"GOOGLE_APPLICATION_CREDENTIALS", text}})), "DGL215",
              "GOOGLE_APPLICATION_CREDENTIALS"));
    CHECK(has(run(check::check_storage, with(gcp, {{"SERVICE_ACCOUNT_FULL_PATH", (d.path / "missing.json").string()}})),
              "DGL215", "SERVICE_ACCOUNT_FULL_PATH"));
    CHECK(has(run(check::check_storage, with(gcp, {{"SERVICE_ACCOUNT_FULL_PATH", d.path.string()}})), "DGL215"));
    // Another provider: a missing credentials file is a warning (#122); an existing one is fine.
    CHECK_FALSE(has(run(check::check_storage, with(minio_base(), {{"GOOGLE_APPLICATION_CREDENTIALS", json}})), "DGL216"));
    const auto fs = run(check::check_storage, with(minio_base(), {{"GOOGLE_APPLICATION_CREDENTIALS", "/etc/gcp/sa.json"}}));
    REQUIRE(has(fs, "DGL216", "GOOGLE_APPLICATION_CREDENTIALS"));
    CHECK(find(fs, "DGL216")->severity == Severity::warning);
    CHECK_FALSE(has(fs, "DGL215"));
}

TEST_CASE("DGL217: the Azure connection string") {
    const KV az{{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "azure"}, {"DIFFGRAM_AZURE_CONTAINER_NAME", "c"},
                {"ML__DIFFGRAM_AZURE_CONTAINER_NAME", "c"},
                {"DIFFGRAM_AZURE_CONNECTION_STRING",
                 "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5a2V5;EndpointSuffix=core.windows.net"}};
    CHECK_FALSE(has(run(check::check_storage, az), "DGL217"));
    CHECK(has(run(check::check_storage, with(az, {{"DIFFGRAM_AZURE_CONNECTION_STRING", "AccountName=acct"}})), "DGL217"));
}

TEST_CASE("DGL218/219: signed-URL cache timings") {
    CHECK(run(check::check_storage, minio_base()).empty());
    auto fs = run(check::check_storage, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "aws"},
                                                           {"SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID", "600000"}}));
    REQUIRE(has(fs, "DGL218", "SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID"));
    fs = run(check::check_storage, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "aws"},
                                                      {"SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID", "700000"}}));
    REQUIRE(has(fs, "DGL219"));
    CHECK(find(fs, "DGL219")->severity == Severity::error);
    CHECK_FALSE(has(fs, "DGL218"));
    fs = run(check::check_storage, with(minio_base(), {{"SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID", "700000"}}));
    CHECK(find(fs, "DGL219")->severity == Severity::warning);  // minio: capped to 25200 by Diffgram
    CHECK_FALSE(has(run(check::check_storage, with(minio_base(), {{"DIFFGRAM_STATIC_STORAGE_PROVIDER", "azure"},
                                                                 {"SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID", "700000"}})),
                    "DGL219"));
}

TEST_CASE("DGL220/221/222 and the mailer-active rule") {
    const KV smtp{{"SMTP_HOST", "smtp.example.org"}, {"SMTP_PORT", "465"}, {"SMTP_USERNAME", "u"}, {"SMTP_PASSWORD", "p"}};
    auto active = [](const KV& kv) {
        const auto m = vars(kv);
        return check::mailer_active(check::Context{m, catalog::builtin(), ""});
    };
    CHECK(active(with(smtp, {{"EMAIL_VALIDATION", "true"}})));
    CHECK_FALSE(active(smtp));
    CHECK(active({{"EMAIL_VALIDATION", "1"}, {"MAILGUN_KEY", "k"}, {"EMAIL_DOMAIN_NAME", "d"}}));
    CHECK_FALSE(active({{"EMAIL_VALIDATION", "1"}, {"MAILGUN_KEY", "none"}, {"EMAIL_DOMAIN_NAME", "d"}}));

    CHECK(run(check::check_mail, with(smtp, {{"EMAIL_VALIDATION", "true"}})).empty());
    CHECK(has(run(check::check_mail, {{"EMAIL_VALIDATION", "true"}, {"SMTP_HOST", "none"}}), "DGL220", "EMAIL_VALIDATION"));
    CHECK(find(run(check::check_mail, smtp), "DGL221")->severity == Severity::notice);
    CHECK(has(run(check::check_mail, with(smtp, {{"SMTP_PORT", "587"}})), "DGL222", "SMTP_PORT"));
}

TEST_CASE("DGL230-233: production policy") {
    const KV prod = with(minio_base(), {{"DIFFGRAM_SYSTEM_MODE", "production"},
                                        {"FERNET_KEY", "Q2hhbmdlZC1rZXktZm9yLXRlc3RzLTAxMjM0NTY3ODk="},
                                        {"SECRET_KEY", "Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5A"},
                                        {"USER_PASSWORDS_SECRET", "Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5B"},
                                        {"INTER_SERVICE_SECRET", "Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5C"},
                                        {"DATABASE_URL", "postgresql://u:Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5D@db/d"}});
    CHECK(run(check::check_production, prod).empty());
    // Sandbox mode: none of this applies.
    CHECK(run(check::check_production, without(without(prod, "DIFFGRAM_SYSTEM_MODE"), "SECRET_KEY")).empty());

    auto fs = run(check::check_production, with(prod, {{"SECRET_KEY", "provided_by_diffgram_team"},
                                                       {"FERNET_KEY", "NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI="},
                                                       {"DIFFGRAM_AZURE_CONNECTION_STRING", "put_your_azure_connection_string_here"},
                                                       {"INTER_SERVICE_SECRET", "none"}}));
    CHECK(find(fs, "DGL230", "SECRET_KEY")->severity == Severity::error);
    CHECK(has(fs, "DGL230", "FERNET_KEY"));
    CHECK_FALSE(has(fs, "DGL230", "DIFFGRAM_AZURE_CONNECTION_STRING"));  // azure is not selected: never read
    CHECK(has(run(check::check_production, with(prod, {{"_ANALYTICS_WRITE_KEY", "provided_by_diffgram_team"}})), "DGL230",
              "_ANALYTICS_WRITE_KEY"));
    CHECK_FALSE(has(run(check::check_production, with(prod, {{"HUB_SPOT_KEY", "provided_by_diffgram_team"}})), "DGL230"));
    CHECK(has(fs, "DGL230", "INTER_SERVICE_SECRET"));  // none is the live secret for a core key
    // Unset: Diffgram's public default applies.
    CHECK(has(run(check::check_production, without(prod, "USER_PASSWORDS_SECRET")), "DGL230", "USER_PASSWORDS_SECRET"));
    CHECK(has(run(check::check_production, with(prod, {{"DATABASE_URL", "postgresql://postgres:postgres@db/d"}})), "DGL230",
              "DATABASE_URL"));
    // none for an optional secret is the Helm "unused" placeholder, not a finding.
    CHECK_FALSE(has(run(check::check_production, with(prod, {{"MAILGUN_KEY", "none"}})), "DGL230"));

    fs = run(check::check_production, with(prod, {{"SANDBOX_BYPASS_LOGIN", "True"}, {"DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE", "1"}}));
    CHECK(has(fs, "DGL231", "SANDBOX_BYPASS_LOGIN"));
    CHECK(has(fs, "DGL231", "DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE"));
    CHECK_FALSE(has(run(check::check_production, with(prod, {{"SANDBOX_BYPASS_LOGIN", "false"}})), "DGL231"));

    fs = run(check::check_production, with(prod, {{"SECRET_KEY", "short-but-new"}}));
    CHECK(find(fs, "DGL232", "SECRET_KEY")->severity == Severity::warning);
    CHECK(has(run(check::check_production, with(prod, {{"DIFFGRAM_MINIO_DISABLED_SSL_VERIFY", "yes"}})), "DGL233"));
}

TEST_CASE("DGL234: secret-bearing files readable by others, in production") {
    TempDir d;
    const auto open_file = d.write("open.json", "{}", 0644);
    const auto closed_file = d.write("closed.json", "{}", 0600);
    KV prod = with(minio_base(), {{"DIFFGRAM_SYSTEM_MODE", "production"}});
    CHECK_FALSE(has(run(check::check_production, with(prod, {{"GOOGLE_APPLICATION_CREDENTIALS", closed_file}})), "DGL234"));
    const auto fs = run(check::check_production, with(prod, {{"GOOGLE_APPLICATION_CREDENTIALS", open_file}}));
    REQUIRE(has(fs, "DGL234"));
    CHECK(find(fs, "DGL234")->sources == std::vector<std::string>{open_file});

    // A .env file is found through the origins of its values.
    const auto env_file = d.write("app.env", "", 0640);
    env::EnvMap m = vars(prod);
    m.at("URL_BASE").origin.where = env::Place(env::Place::intern(env_file), 7);  // as load_file makes it
    const auto fs2 = check::check_production(check::Context{m, catalog::builtin(), ""});
    REQUIRE(has(fs2, "DGL234"));
    CHECK(find(fs2, "DGL234")->message.find("its group") != std::string::npos);
}

TEST_CASE("DGL240-243: names") {
    CHECK(run(check::check_names, minio_base()).empty());
    auto fs = run(check::check_names, with(minio_base(), {{"fernet_key", "x"}}));
    REQUIRE(has(fs, "DGL240", "fernet_key"));
    CHECK(find(fs, "DGL240")->message.find("did you mean FERNET_KEY?") != std::string::npos);
    CHECK(has(run(check::check_names, with(minio_base(), {{"Url_Bse", "x"}})), "DGL240"));
    CHECK(find(run(check::check_names, with(minio_base(), {{"my_setting", "x"}})), "DGL241")->severity == Severity::notice);
    CHECK(find(run(check::check_names, with(minio_base(), {{"FERNETKEY", "x"}})), "DGL242")->message.find("FERNET_KEY") !=
          std::string::npos);
    CHECK(has(run(check::check_names, with(minio_base(), {{"DIFFGRAM_SYSTEM_MOED", "x"}})), "DGL242"));  // transposition
    for (const char* unrelated : {"PATH", "HOME", "DATABASE_PORT", "MY_APP_SETTING", "HOSTNAME"}) {
        CHECK_FALSE(has(run(check::check_names, with(minio_base(), {{unrelated, "x"}})), "DGL242"));
    }
    CHECK(has(run(check::check_names, with(minio_base(), {{"PYTHONPATH", "/gcp/gcp-service-account.json"}})), "DGL243"));
    CHECK_FALSE(has(run(check::check_names, with(minio_base(), {{"PYTHONPATH", "/app:/app/shared:/"}})), "DGL243"));
}
