// The Fernet key pin as findings, and recording it after a configuration passed its checks.
#include "dgl/check/fernet_pin.hpp"

#include "dgl/state/fernet_pin.hpp"

namespace dgl::check {

namespace {
/// The key Diffgram will use: the resolved one, else its (public) default.
std::string effective_key(const Context& ctx) { return ctx.effective("FERNET_KEY").value_or(""); }
}  // namespace

Findings check_fernet_pin(const Context& ctx, const std::string& state_dir, bool accept_change) {
    Findings out;
    if (state_dir.empty()) {
        return out;
    }
    const auto status = state::compare_fernet_pin(state_dir, effective_key(ctx));
    auto sources = ctx.sources("FERNET_KEY");
    sources.push_back(state::fernet_pin_path(state_dir));
    if (status == state::PinStatus::none) {
        out.push_back({"DGL251", Severity::notice, "FERNET_KEY", sources,
                       "no fingerprint is pinned in the state directory yet; the next run pins this key", ""});
    } else if (status == state::PinStatus::different && accept_change) {
        out.push_back({"DGL252", Severity::notice, "FERNET_KEY", sources,
                       "differs from the pinned key; --accept-fernet-key-change: the next run pins the new key",
                       "connection secrets stored with the old key cannot be decrypted any more: re-enter them"});
    } else if (status == state::PinStatus::different) {
        out.push_back({"DGL250", Severity::error, "FERNET_KEY", sources,
                       ctx.get("FERNET_KEY") == nullptr
                           ? "is not set, so Diffgram would use its default key, which differs from the pinned one"
                           : "differs from the key pinned in the state directory: every connection secret Diffgram "
                             "stored in its database (external storage and other connection credentials) was "
                             "encrypted with the pinned key and could no longer be decrypted, and those connections "
                             "would fail silently (diffgram #928)",
                       "restore the previous FERNET_KEY; if the change is intended and the stored connection "
                       "secrets will be re-entered, run once with --accept-fernet-key-change to pin the new key"});
    }
    return out;
}

bool pin_fernet_key(const Context& ctx, const std::string& state_dir, bool accept_change) {
    if (state_dir.empty()) {
        return false;
    }
    const auto key = effective_key(ctx);
    const auto status = state::compare_fernet_pin(state_dir, key);
    if (status == state::PinStatus::none || (status == state::PinStatus::different && accept_change)) {
        state::record_fernet_pin(state_dir, key);
        return true;
    }
    return false;
}

}  // namespace dgl::check
