// Unit tests of the Fernet key pin: fingerprint comparison, file mode, atomic write, refusals.
#include "dgl/errors.hpp"
#include "dgl/state/fernet_pin.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace dgl;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "dgl-pin-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string k_key1 = "glNT1T8trJS_ud70isAxAYzQyVW3oT4nQnf-FuwEphM=";
const std::string k_key2 = "ijrTEgF1K9J0TSdoPb-DQO2z_Ey7acdw8aynhU943hE=";

}  // namespace

TEST_CASE("pin: nothing, then the same key, then a different one") {
    TempDir t;
    const auto dir = (t.path / "state").string();  // created by the first record
    CHECK(state::compare_fernet_pin(dir, k_key1) == state::PinStatus::none);
    state::record_fernet_pin(dir, k_key1);
    CHECK(state::compare_fernet_pin(dir, k_key1) == state::PinStatus::same);
    CHECK(state::compare_fernet_pin(dir, k_key2) == state::PinStatus::different);
    CHECK(state::compare_fernet_pin(dir, k_key1.substr(0, 43)) == state::PinStatus::different);

    struct stat st {};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat(state::fernet_pin_path(dir).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // Only the pin: the temporary file was renamed, not left behind.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
    // Never the key, nor a piece of it.
    const auto text = slurp(state::fernet_pin_path(dir));
    for (size_t i = 0; i + 8 <= k_key1.size(); ++i) {
        CHECK(text.find(k_key1.substr(i, 8)) == std::string::npos);
    }

    // Accepting the change: a new salt and fingerprint replace the old pin.
    state::record_fernet_pin(dir, k_key2);
    CHECK(state::compare_fernet_pin(dir, k_key2) == state::PinStatus::same);
    CHECK(state::compare_fernet_pin(dir, k_key1) == state::PinStatus::different);
    CHECK(slurp(state::fernet_pin_path(dir)) != text);
}

TEST_CASE("pin: salts differ between state directories") {
    TempDir a;
    TempDir b;
    state::record_fernet_pin(a.path.string(), k_key1);
    state::record_fernet_pin(b.path.string(), k_key1);
    CHECK(slurp(state::fernet_pin_path(a.path.string())) != slurp(state::fernet_pin_path(b.path.string())));
}

TEST_CASE("pin: a malformed pin or a non-regular pin path is refused, never replaced") {
    TempDir t;
    const auto dir = t.path.string();
    std::ofstream(state::fernet_pin_path(dir)) << "garbage\n";
    CHECK_THROWS_AS(state::compare_fernet_pin(dir, k_key1), Error);

    fs::remove(state::fernet_pin_path(dir));
    const auto target = t.path / "elsewhere";
    std::ofstream(target) << "do not touch\n";
    fs::create_symlink(target, state::fernet_pin_path(dir));
    CHECK_THROWS_AS(state::compare_fernet_pin(dir, k_key1), Error);
    CHECK_THROWS_AS(state::record_fernet_pin(dir, k_key1), Error);
    CHECK(slurp(target) == "do not touch\n");

    const auto file_as_dir = (t.path / "elsewhere").string();
    CHECK_THROWS_AS(state::record_fernet_pin(file_as_dir, k_key1), Error);
}
