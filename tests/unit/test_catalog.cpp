// Unit tests of the catalog: the embedded data, --schema parsing and merging, secret classes.
#include "dgl/catalog/catalog.hpp"
#include "dgl/catalog/public_secrets.hpp"
#include "dgl/errors.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/split_view.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef DGL_TEST_DATA
#error "DGL_TEST_DATA must point at tests/data"
#endif

using namespace dgl;

TEST_CASE("the embedded catalog covers every variable of settings-env-catalog.tsv") {
    std::ifstream in(std::string(DGL_TEST_DATA) + "/diffgram/settings-env-catalog.tsv");
    REQUIRE(in);
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line.starts_with("name\t")) {
            continue;
        }
        const auto name = line.substr(0, line.find('\t'));
        INFO(name);
        CHECK(catalog::builtin().find(name) != nullptr);
        ++count;
    }
    CHECK(count == 87);
    for (const char* outside : {"DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASS",
                                "GOOGLE_APPLICATION_CREDENTIALS", "NEW_RELIC_LICENSE_KEY", "PYTHONPATH",
                                "GCP_SERVICE_ACCOUNT_FILE_PATH", "HUB_SPOT_KEY", "ERLANG_COOKIE"}) {
        CHECK(catalog::builtin().find(outside) != nullptr);
    }
}

TEST_CASE("the compiler's parse of data/catalog.tsv is the run-time parse of the same file") {
    std::ifstream in(DGL_DATA_DIR "/catalog.tsv", std::ios::binary);
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto runtime = catalog::parse(text, "catalog.tsv");
    const auto& built = catalog::builtin();
    REQUIRE(built.entries().size() == runtime.entries().size());
    CHECK(built.entries().size() > 100);
    auto b = built.entries().begin();
    for (const auto& [name, r] : runtime.entries()) {
        const auto& e = (b++)->second;
        INFO(name);
        CHECK(e.name == name);
        CHECK(e.type == r.type);
        CHECK(e.enum_values.items() == r.enum_values.items());
        CHECK(e.default_value == r.default_value);
        CHECK(e.secret == r.secret);
        CHECK(e.services.items() == r.services.items());
        CHECK(e.required.kind == r.required.kind);
        CHECK(e.required.key == r.required.key);
        CHECK(e.required.values.items() == r.required.values.items());
        CHECK(e.notes == r.notes);
        CHECK(e.defined_at() == r.defined_at());
        CHECK(built.find(name) == &e);
    }
}

TEST_CASE("util::SplitView cuts items as split_views does; an empty text is the empty list") {
    using V = std::vector<std::string_view>;
    CHECK(util::SplitView("", '|').items().empty());
    CHECK(util::SplitView("a", '|').items() == V{"a"});
    CHECK(util::SplitView("a|b|c", '|').items() == V{"a", "b", "c"});
    CHECK(util::SplitView("|a||", '|').items() == V{"", "a", "", ""});
    CHECK(util::SplitView("|", '|').items() == V{"", ""});
    CHECK(util::SplitView("a,b", ',').front() == "a");
    CHECK(util::SplitView("a,bb", ',').contains("bb"));
    CHECK_FALSE(util::SplitView("a,bb", ',').contains("b"));
    CHECK_FALSE(util::SplitView("", ',').contains(""));
    static_assert(util::SplitView("x|y", '|').contains("y"));
}

TEST_CASE("catalog entries carry type, default, class, services and requirement") {
    const auto* e = catalog::builtin().find("DIFFGRAM_SYSTEM_MODE");
    REQUIRE(e);
    CHECK(e->type == catalog::Type::enumeration);
    CHECK(e->enum_values.items() == std::vector<std::string_view>{"sandbox", "production", "staging", "testing", "testing_e2e"});
    CHECK(*e->default_value == "sandbox");
    CHECK(e->secret == catalog::SecretClass::security_flag);
    e = catalog::builtin().find("DIFFGRAM_AWS_ACCESS_KEY_SECRET");
    REQUIRE(e);
    CHECK(e->required.kind == catalog::Requirement::Kind::when_key);
    CHECK(e->required.key == "DIFFGRAM_STATIC_STORAGE_PROVIDER");
    CHECK(e->required.values.items() == std::vector<std::string_view>{"aws"});
    CHECK_FALSE(e->default_value.has_value());
    CHECK(*catalog::builtin().find("STRIPE_API_KEY")->default_value == "");
    CHECK(catalog::builtin().find("DIFFGRAM_VERSION_TAG")->required.kind == catalog::Requirement::Kind::for_services);
    CHECK(catalog::builtin().find("FERNET_KEY")->type == catalog::Type::fernet_key);
    CHECK(catalog::builtin().find("DATABASE_URL")->type == catalog::Type::sqlalchemy_url);
}

TEST_CASE("secret classes of diffgram-reference.md §2.4") {
    using catalog::SecretClass;
    CHECK(catalog::secret_class("FERNET_KEY") == SecretClass::secret);
    CHECK(catalog::secret_class("DATABASE_PASS") == SecretClass::secret);
    CHECK(catalog::secret_class("SMTP_USERNAME") == SecretClass::credential_id);
    CHECK(catalog::secret_class("SERVICE_ACCOUNT_FULL_PATH") == SecretClass::secret_path);
    CHECK(catalog::secret_class("SANDBOX_BYPASS_LOGIN") == SecretClass::security_flag);
    CHECK(catalog::secret_class("KEYCLOAK_REALM") == SecretClass::public_value);
    CHECK_FALSE(catalog::secret_class("NOT_A_DIFFGRAM_KEY").has_value());
    CHECK_FALSE(redact::is_secret_key("OAUTH2_PROVIDER_PUBLIC_KEY"));  // public despite "KEY" in its name
}

TEST_CASE("schema text adds and overrides entries; malformed lines name file:line, never the text") {
    auto c = catalog::parse("# comment\n\nMY_TOKEN\tstring\t-\tpublic\t-\t-\nFERNET_KEY\tstring\tx\tpublic\tdefault\talways\tnote\n",
                            "site.tsv");
    REQUIRE(c.find("MY_TOKEN"));
    CHECK(c.find("MY_TOKEN")->defined_at() == "site.tsv:3");
    catalog::Catalog merged = catalog::builtin();
    merged.merge(c);
    CHECK(merged.find("FERNET_KEY")->type == catalog::Type::string);
    CHECK(merged.find("FERNET_KEY")->required.kind == catalog::Requirement::Kind::always);
    CHECK(merged.find("URL_BASE") != nullptr);

    const char* bad[] = {
        "ONLY\tthree\tcolumns\n",
        "K\tfloat\t-\tpublic\t-\t-\n",
        "K\tenum:a||b\t-\tpublic\t-\t-\n",
        "K\tenum:\t-\tpublic\t-\t-\n",
        "K\tenum:a|\t-\tpublic\t-\t-\n",
        "K\tstring\t-\tpublic\t\t-\n",
        "K\tstring\t-\tpublic\tdefault,\t-\n",
        "K\tstring\t-\tpublic\t-\tDIFFGRAM_X=\n",
        "K\tstring\t-\tpublic\t-\tservice=\n",
        "K\tstring\t-\ttopsecret\t-\t-\n",
        "K\tstring\t-\tpublic\tbackend\t-\n",
        "K\tstring\t-\tpublic\t-\tsometimes\n",
        "K\tstring\t-\tpublic\t-\tservice=nobody\n",
        "1K\tstring\t-\tpublic\t-\t-\n",
        "K\tstring\t-\tpublic\t-\t-\nK\tint\t-\tpublic\t-\t-\n",
        "SECRET=hunter2hunter2\n",
    };
    for (const char* text : bad) {
        INFO(text);
        try {
            (void)catalog::parse(text, "site.tsv");
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::launcher_error);
            CHECK(std::string(e.what()).find("site.tsv:") != std::string::npos);
            CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
        }
    }
}

TEST_CASE("public secret values and placeholders") {
    CHECK(catalog::published_at("NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI=").has_value());
    CHECK(catalog::published_at("put_your_gcp_secret_in_base_64_here").has_value());
    CHECK_FALSE(catalog::published_at("a-fresh-random-value").has_value());
    CHECK(catalog::is_placeholder(" None "));
    CHECK(catalog::is_placeholder(""));
    CHECK(catalog::is_placeholder("provided_by_diffgram_team"));
    CHECK_FALSE(catalog::is_placeholder("admin"));  // public, but a real (weak) credential
}

TEST_CASE("a parsed schema owns its text: entries outlive the caller's buffer, copies share it") {
    catalog::Catalog c;
    {
        std::string text = "SITE_TOKEN\tenum:a|b\tb\tsecret\tdefault,walrus\tDIFFGRAM_X=1|2\tsite note\n";
        std::string origin = "site.tsv";
        c = catalog::parse(text, origin);
        std::fill(text.begin(), text.end(), 'x');  // the caller reuses its buffer
        origin.assign("elsewhere");
    }
    const catalog::Catalog copy = c;
    c = catalog::Catalog();  // the copy alone keeps the text now
    const auto* e = copy.find("SITE_TOKEN");
    REQUIRE(e);
    CHECK(e->name == "SITE_TOKEN");
    CHECK(e->enum_values.items() == std::vector<std::string_view>{"a", "b"});
    CHECK(*e->default_value == "b");
    CHECK(e->services.items() == std::vector<std::string_view>{"default", "walrus"});
    CHECK(e->required.key == "DIFFGRAM_X");
    CHECK(e->required.values.items() == std::vector<std::string_view>{"1", "2"});
    CHECK(e->notes == "site note");
    CHECK(e->defined_at() == "site.tsv:1");
    catalog::Catalog merged = catalog::builtin();
    merged.merge(copy);
    CHECK(merged.find("SITE_TOKEN")->notes == "site note");
    CHECK(merged.find("FERNET_KEY") != nullptr);
}
