// --mask-output: a streaming filter that replaces every secret value of the child's environment
// with <redacted>. A secret split across two reads is caught because a tail that could still
// begin a secret is held back until the next read decides it (at most longest-1 bytes).
#include "dgl/process/output_mask.hpp"

#include "dgl/redact/redact.hpp"
#include "dgl/util/strings.hpp"

#include <algorithm>

namespace dgl::process {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// The password of `scheme://user:password@host...`, or "" (same shape rules as redact's mask).
std::string url_password(std::string_view value) {
    const auto masked = redact::mask_url_password(value);
    if (!masked) {
        return {};
    }
    // The mask keeps everything but the password: the password is what the two strings don't share.
    const auto colon = masked->find(redact::k_mask);
    const size_t suffix = masked->size() - colon - redact::k_mask.size();
    return std::string(value.substr(colon, value.size() - colon - suffix));
}

void add(std::vector<std::string>& out, std::string v) {
    if (v.empty() || util::parse_bool(v).has_value()) {
        return;
    }
    out.push_back(std::move(v));
}

}  // namespace

std::vector<std::string> secret_values(const env::EnvMap& vars) {
    std::vector<std::string> out;
    for (const auto& [key, v] : vars) {
        if (!redact::is_secret(key, v.value, env::redaction_source(v.origin))) {
            continue;
        }
        add(out, v.value);
        if (auto pw = url_password(v.value); !pw.empty()) {
            add(out, pw);
            add(out, percent_decode(pw));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

OutputMask::OutputMask(const std::vector<std::string>& secrets) { add(secrets); }

void OutputMask::add(const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (!s.empty() && std::find(m_secrets.begin(), m_secrets.end(), s) == m_secrets.end()) {
            m_secrets.push_back(s);
            m_first[static_cast<unsigned char>(s[0])] = true;
        }
    }
    std::stable_sort(m_secrets.begin(), m_secrets.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string OutputMask::feed(std::string_view chunk) {
    m_pending.append(chunk);
    return scan(false);
}

std::string OutputMask::flush() { return scan(true); }

std::string OutputMask::scan(bool at_end) {
    std::string out;
    const std::string_view buf(m_pending);
    size_t i = 0;
    size_t copied = 0;  // buf[copied, i) is plain text not yet appended to out
    // A region is the union of overlapping secret occurrences: one mask for all of it, and every
    // position inside is still tried, since a secret may begin in another's tail (A=1234,
    // B=34abcd: "1234abcd" is all secret). Its first m_masked_left bytes were masked already.
    size_t region_end = m_masked_left;
    bool region_open = m_masked_left > 0;
    while (i < buf.size()) {
        if (region_open && i >= region_end) {
            region_open = false;
            copied = i;  // the region's bytes are never copied
        }
        if (!m_first[static_cast<unsigned char>(buf[i])]) {
            ++i;
            continue;
        }
        const std::string_view rest = buf.substr(i);
        bool could_grow = false;  // a secret might still start here once more bytes arrive
        const std::string* match = nullptr;
        for (const auto& s : m_secrets) {
            if (rest.size() >= s.size()) {
                if (match == nullptr && rest.starts_with(s)) {
                    match = &s;  // longest first: the first full match is the longest
                }
            } else if (!at_end && std::string_view(s).starts_with(rest)) {
                could_grow = true;
            }
        }
        if (could_grow) {
            // A longer secret may begin here: decide when more bytes arrive (or at the end).
            break;
        }
        if (match != nullptr) {
            if (!region_open) {
                out.append(buf.substr(copied, i - copied));
                out.append(redact::k_mask);
                region_open = true;
                region_end = i;
            }
            region_end = std::max(region_end, i + match->size());
        }
        ++i;
    }
    // buf[i, end) is held back; the part of it inside an open region stays masked.
    m_masked_left = region_open ? region_end - i : 0;
    if (!region_open) {
        out.append(buf.substr(copied, i - copied));
    }
    m_pending.erase(0, i);
    return out;
}

}  // namespace dgl::process
