// Precedence: the one place that decides which source wins (contract.md §3) and which
// conflicts are reported (contract.md §4).
#include "dgl/env/precedence.hpp"

#include "dgl/env/key_policy.hpp"
#include "dgl/errors.hpp"
#include "dgl/limits.hpp"
#include "dgl/redact/redact.hpp"
#include "dgl/util/key_order.hpp"
#include "dgl/util/view_map.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <span>

namespace dgl::env {

namespace {

using check::Finding;
using check::Severity;

/// Rank of a layer, lower wins:
///   1. --set KEY=VALUE
///   2. the process environment (inherited)
///   3. secret files (KEY_FILE=/path, --secrets-dir, $CREDENTIALS_DIRECTORY); KEY_FILE itself
///      never reaches the child, and KEY also set in layers 1-4 is DGL102 (see resolve)
///   4. --from-cmd / --from-cmd-json output, later command wins
///   5. .env files, later file wins
/// --override moves layers 3-5 above layer 2 (python-dotenv override=True).
int rank(Layer l, bool override_env) {
    const int n = layer_number(l);
    if (override_env && l == Layer::process_env) {
        return 6;
    }
    return n;
}

/// A cheap hash of a key for the bit table below, a word at a time (std::hash was a fifth of the
/// table's cost); a collision only means an exact count, so its quality matters little. The table
/// takes the top bits, which the multiplications mix best.
std::uint64_t key_hash(std::string_view key) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ key.size();
    std::size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, key.data() + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    std::uint64_t w = 0;
    std::memcpy(&w, key.data() + i, key.size() - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/// The candidates whose key is set more than once in `cands`, in their order. A bit per hash
/// value, in a table that stays in the L2 cache (16 bits per key), rules out a repeat for nearly
/// every key in one pass; only keys whose bit was hit twice are then counted exactly. (A hash map
/// of every key missed the cache on each insert at 100k keys: half of this function's time.)
std::vector<const Candidate*> repeated_keys(const std::vector<Candidate>& cands) {
    const std::size_t bits = std::bit_ceil(std::max<std::size_t>(64, cands.size() * 16));
    const int shift = 64 - std::countr_zero(bits);
    std::vector<std::uint64_t> seen(bits / 64);
    std::vector<std::uint64_t> hit_twice(bits / 64);
    std::vector<std::size_t> bit_of(cands.size());
    bool any = false;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        const std::size_t b = key_hash(cands[i].key) >> shift;
        bit_of[i] = b;
        const std::uint64_t mask = std::uint64_t{1} << (b % 64);
        if ((seen[b / 64] & mask) != 0) {
            hit_twice[b / 64] |= mask;
            any = true;
        }
        seen[b / 64] |= mask;
    }
    std::vector<const Candidate*> repeated;
    if (!any) {
        return repeated;
    }
    auto maybe = [&](std::size_t i) { return (hit_twice[bit_of[i] / 64] & (std::uint64_t{1} << (bit_of[i] % 64))) != 0; };
    util::ViewMap<std::uint32_t> times;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (maybe(i)) {
            ++times[std::string_view(cands[i].key)];
        }
    }
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (maybe(i) && times.find(std::string_view(cands[i].key))->second > 1) {
            repeated.push_back(&cands[i]);
        }
    }
    return repeated;
}

/// The .env layer of one file: its statements, resolved against `lookup`, as candidates.
std::vector<Candidate> load_file(const source::DotenvFile& f, const Inputs& in,
                                 const std::function<std::optional<std::string>(std::string_view)>& lookup,
                                 check::Findings& findings) {
    dotenv::ParseResult parsed;
    std::vector<dotenv::Binding> bindings;
    if (in.dialect == dotenv::Dialect::compose) {
        parsed = dotenv::parse_compose(f.text, lookup);
        bindings = std::move(parsed.bindings);
    } else {
        // Diffgram opens the file in text mode: Python turns CRLF and CR into LF before parsing.
        // (No copy of the text when it holds no CR, as most files do not.)
        parsed = f.text.find('\r') == std::string::npos ? dotenv::parse_python(f.text)
                                                          : dotenv::parse_python(dotenv::universal_newlines(f.text));
        try {
            bindings = dotenv::resolve_python(std::move(parsed.bindings), lookup, in.override_env);
        } catch (const Error& e) {
            throw Error(e.code(), f.path + ":" + e.what());  // resolve_python names LINE:COL
        }
    }
    if (parsed.bom_stripped) {
        findings.push_back({"DGL002", Severity::warning, "", {f.path + ":1:1"},
                            "UTF-8 byte order mark removed (python-dotenv 1.0.0 would keep it in the first key)",
                            "save the file as UTF-8 without BOM"});
    }
    for (const auto& issue : parsed.issues) {
        const std::string place = f.path + ":" + std::to_string(issue.line) + ":" + std::to_string(issue.col);
        if (parsed.fatal) {
            const bool compose = in.dialect == dotenv::Dialect::compose;
            findings.push_back({"DGL003", Severity::error, "", {place}, "file rejected: " + issue.kind,
                                compose ? "docker compose refuses the whole file; run `diffgram-launch lint` on it"
                                        : "python-dotenv cannot read the file at all; save it as UTF-8"});
        } else {
            // Where python-dotenv saw the statement start, too: a quote left open runs on, and the
            // failure is then found lines later (A="x on line 1, the next quote on line 3).
            Finding fd{"DGL001", Severity::warning, "", {place}, "statement skipped: " + issue.kind,
                       "python-dotenv skips it too; fix the line or quote the value"};
            if (issue.stmt_line > 0 && issue.stmt_line < issue.line) {
                const std::string start = std::to_string(issue.stmt_line);
                fd.sources.insert(fd.sources.begin(), f.path + ":" + start);
                fd.message += "; python-dotenv read lines " + start + "-" + std::to_string(issue.line) +
                              " as one statement and drops all of them";
                fd.hint = "python-dotenv skips it too; look for a quote left open at line " + start;
            }
            findings.push_back(std::move(fd));
        }
    }
    if (bindings.size() > limits::k_max_keys) {
        throw launcher_error(f.path + " holds more than " + std::to_string(limits::k_max_keys) + " statements");
    }
    // Last line wins within a file. A bare KEY line (python-dotenv: None) is "not set" and, being
    // last, also takes an earlier line's value out, as load_dotenv skips the key entirely.
    // (Built only when the file has a bare line: most have none, and 10k-100k key copies cost.)
    std::map<std::string, bool> last_is_bare;
    if (std::any_of(bindings.begin(), bindings.end(), [](const dotenv::Binding& b) { return !b.value; })) {
        for (const auto& b : bindings) {
            last_is_bare[b.key] = !b.value.has_value();
        }
    }
    std::vector<Candidate> out;
    out.reserve(bindings.size());
    const std::string* file = Place::intern(f.path);  // each line's place is `file:line`
    int seq = 0;
    for (auto& b : bindings) {
        ++seq;
        const auto bare = last_is_bare.find(b.key);
        if (b.value && !(bare != last_is_bare.end() && bare->second)) {
            out.push_back({std::move(b.key), std::move(*b.value), {Layer::dotenv, Place(file, b.line), f.order, seq}});
        }
    }
    // One file setting a key twice with different values: the last wins, but say so. Only the
    // candidates of repeated keys (few, often none) are grouped, by a stable sort of pointers.
    std::vector<const Candidate*> by_key = repeated_keys(out);
    if (by_key.empty()) {
        return out;
    }
    std::stable_sort(by_key.begin(), by_key.end(), [](const Candidate* a, const Candidate* b) { return a->key < b->key; });
    for (auto first = by_key.begin(); first != by_key.end();) {
        const auto last = std::find_if(first, by_key.end(), [&](const Candidate* c) { return c->key != (*first)->key; });
        const std::span<const Candidate* const> list(first, last);
        first = last;
        if (list.size() < 2) {
            continue;
        }
        const std::string& final_value = list.back()->value;
        const bool differ = std::any_of(list.begin(), list.end(),
                                        [&final_value](const Candidate* c) { return c->value != final_value; });
        if (differ) {
            Finding fd{"DGL105", Severity::warning, list.front()->key, {}, "set more than once in one file with different values; the last one wins",
                       "delete the lines that should not count"};
            for (const auto* c : list) {
                fd.sources.push_back(c->origin.where);
            }
            findings.push_back(std::move(fd));
        }
    }
    return out;
}

/// Above this many bytes of keys and values, resolve() copies the variables into key order (see
/// there): between the measured break-even (1.07 MB) and the first clear gain (1.6 MB).
constexpr std::size_t k_copy_into_key_order_bytes = 1280 * 1024;

}  // namespace

bool wins_over(const Origin& a, const Origin& b, bool override_env) {
    const int ra = rank(a.layer, override_env);
    const int rb = rank(b.layer, override_env);
    if (ra != rb) {
        return ra < rb;
    }
    if (a.order != b.order) {
        return a.order > b.order;  // within a layer the later source wins
    }
    return a.seq > b.seq;  // within one source the later statement wins
}

Resolution resolve(const Inputs& in) {
    Resolution res;
    // Every candidate, one vector per source in the order offered: layers 1-4, then the .env files
    // from the last to the first. Elements never move once offered, so pointers and key views into
    // them stay valid while more sources are added.
    std::vector<std::vector<Candidate>> offered;
    offered.reserve(4 + in.dotenv_files.size());
    // The best candidate so far of each key: what a `${VAR}` in a .env file sees. A full tie (same
    // layer, order and seq) goes to the candidate offered later.
    util::ViewMap<const Candidate*> best;
    auto offer = [&](const std::vector<Candidate>& source) {
        for (const auto& c : source) {
            const auto [it, inserted] = best.try_emplace(std::string_view(c.key), &c);
            if (!inserted && !wins_over(it->second->origin, c.origin, in.override_env)) {
                it->second = &c;
            }
        }
    };
    for (const auto* layer : {&in.sets, &in.process, &in.secret_files, &in.commands}) {
        auto admitted = *layer;
        apply_key_policy(admitted, in.allow_unsafe, res.findings);  // trust policy, before any ranking
        offered.push_back(std::move(admitted));
        offer(offered.back());
    }
    // .env files from the last to the first: a file's `${VAR}` sees the layers above it (the
    // final environment, as load_dotenv(override=False) sees os.environ), never an earlier file.
    for (auto f = in.dotenv_files.rbegin(); f != in.dotenv_files.rend(); ++f) {
        auto lookup = [&](std::string_view name) -> std::optional<std::string> {
            const auto it = best.find(name);
            if (it == best.end()) {
                return std::nullopt;
            }
            return it->second->value;
        };
        auto admitted = load_file(*f, in, lookup, res.findings);
        apply_key_policy(admitted, in.allow_unsafe, res.findings);
        offered.push_back(std::move(admitted));
        if (std::next(f) != in.dotenv_files.rend()) {  // the first file's candidates are looked up by nobody
            offer(offered.back());
        }
    }
    // Grouped by key in sorted order (the order of EnvMap), each group in the order offered.
    std::vector<Candidate*> all;
    std::size_t total = 0;
    for (const auto& source : offered) {
        total += source.size();
    }
    all.reserve(total);
    std::vector<std::string_view> keys;
    keys.reserve(total);
    std::size_t text_bytes = 0;
    for (auto& source : offered) {
        for (auto& c : source) {
            all.push_back(&c);
            keys.emplace_back(c.key);
            text_bytes += c.key.size() + c.value.size();
        }
    }
    const util::KeyOrder sorted = util::key_order(keys);
    // The variables are appended in key order to the map's own sequence, which it then adopts as
    // sorted: no comparison per insertion.
    auto vars = res.vars.extract_sequence();
    vars.reserve(total);  // at most one variable per candidate
    // The candidates' strings lie in file order; every later pass walks the variables in key order.
    // Past a few MB they no longer stay in cache, and each pass then misses on nearly every key and
    // value: copying them into key order (one allocation per string) pays for itself from there
    // on, and below it only costs (moved instead). Measured on the bench files: equal at 20k keys
    // (1.07 MB of keys and values), 17% faster at 30k (1.6 MB), 25% at 100k; 8-13% slower at 1k-10k.
    const bool copy_into_key_order = text_bytes > k_copy_into_key_order_bytes;

    std::map<std::string, const FileIndirection*> indirection_of;  // KEY -> its KEY_FILE
    for (const auto& ind : in.file_indirections) {
        indirection_of[ind.key] = &ind;
    }
    auto from_indirection = [](const Candidate& c, const FileIndirection* ind) {
        return ind != nullptr && c.origin.layer == Layer::secret_file && c.origin.order == ind->order;
    };

    // Walking in key order reads the candidates and their strings all over the heap, each read a
    // cache miss that the next one waits for: fetched a few keys ahead instead (100k keys: the
    // loop 19 -> 11 ms; the strings need the candidate, so they are asked for later).
    const std::size_t n_sorted = sorted.order.size();
    auto prefetch = [&](std::size_t at) {
        if (at + 16 < n_sorted) {
            __builtin_prefetch(all[sorted.order[at + 16]]);
        }
        if (at + 8 < n_sorted) {
            const Candidate* ahead = all[sorted.order[at + 8]];
            __builtin_prefetch(ahead->key.data());
            __builtin_prefetch(ahead->value.data());
        }
    };
    for (std::size_t first = 0; first < n_sorted;) {
        prefetch(first);
        std::size_t last = first + 1;
        while (last < n_sorted && !sorted.starts_run[last]) {
            ++last;
        }
        if (last == first + 1) {  // one source, nothing to compare: no finding is possible (most keys)
            Candidate& c = *all[sorted.order[first]];
            if (copy_into_key_order) {
                vars.emplace_back(c.key, Variable{c.value, c.origin, {}});
            } else {
                vars.emplace_back(std::move(c.key), Variable{std::move(c.value), c.origin, {}});
            }
            first = last;
            continue;
        }
        std::vector<Candidate> cands;
        cands.reserve(last - first);
        for (std::size_t i = first; i < last; ++i) {
            cands.push_back(std::move(*all[sorted.order[i]]));
        }
        first = last;
        const std::string key = cands.front().key;
        // Reversed first, so that among equals (one source) the later candidate sorts first.
        std::reverse(cands.begin(), cands.end());
        std::stable_sort(cands.begin(), cands.end(), [&](const Candidate& a, const Candidate& b) {
            return wins_over(a.origin, b.origin, in.override_env);
        });
        const Candidate& top = cands.front();

        // KEY and KEY_FILE both set (contract §4, as the official postgres image): an error when
        // KEY also comes from layers 1-4 (--set, process environment, a secrets directory or
        // $CREDENTIALS_DIRECTORY, a command). A KEY only in .env files does not count: that is the
        // lowest layer, the file wins over it and DGL103 below reports the shadowed value.
        const auto ind_it = indirection_of.find(key);
        const FileIndirection* ind = ind_it == indirection_of.end() ? nullptr : ind_it->second;
        bool both_set = false;
        if (ind != nullptr) {
            Finding fd{"DGL102", Severity::error, key, {}, "", ""};
            for (const auto& c : cands) {
                if (!from_indirection(c, ind) && c.origin.layer != Layer::dotenv) {
                    fd.sources.push_back(c.origin.where);
                }
            }
            if (!fd.sources.empty()) {
                both_set = true;
                fd.message = "set both directly and through " + ind->file_key + ", which exclude each other";
                fd.hint = "unset " + key + " or " + ind->file_key + " (as the official postgres image requires)";
                fd.sources.push_back(ind->file_key_where + " (" + ind->file_key + ")");
                res.findings.push_back(std::move(fd));
            }
        }

        // Layers 2-4 disagreeing: the launcher cannot know which secret is current. When KEY and
        // KEY_FILE are both set, DGL102 already says so; the file is left out here.
        // One value per source: a command printing a key twice is not two sources (its last wins).
        std::vector<const Candidate*> production;
        std::vector<std::pair<Layer, int>> seen_sources;
        for (const auto& c : cands) {
            const int n = layer_number(c.origin.layer);
            const std::pair<Layer, int> source{c.origin.layer, c.origin.order};
            if (n >= 2 && n <= 4 && !(both_set && from_indirection(c, ind)) &&
                std::find(seen_sources.begin(), seen_sources.end(), source) == seen_sources.end()) {
                seen_sources.push_back(source);
                production.push_back(&c);
            }
        }
        const bool prod_conflict = std::any_of(production.begin(), production.end(), [&](const Candidate* c) {
            return c->value != production.front()->value;
        });
        if (prod_conflict) {
            Finding fd{"DGL101", Severity::error, key, {}, "set to different values by more than one production source",
                       "keep one source for this key (a secrets manager, a secret file or a command), or make them agree"};
            for (const auto* c : production) {
                fd.sources.push_back(c->origin.where);
            }
            res.findings.push_back(std::move(fd));
        }
        // .env values shadowed by something else.
        std::vector<const Candidate*> dotenv_shadowed;
        std::vector<const Candidate*> dotenv_all;
        for (const auto& c : cands) {
            if (c.origin.layer == Layer::dotenv) {
                dotenv_all.push_back(&c);
                if (&c != &top && c.value != top.value) {
                    dotenv_shadowed.push_back(&c);
                }
            }
        }
        if (top.origin.layer != Layer::dotenv && !dotenv_shadowed.empty()) {
            // Classified only here: is_secret is a tenth of a 10k-key run when asked of every key.
            const bool secret = redact::is_secret(key, top.value, redaction_source(top.origin));
            Finding fd{"DGL103", secret ? Severity::warning : Severity::notice, key, {top.origin.where},
                       "a different value from a .env file is shadowed by " + top.origin.where,
                       "remove the key from the .env file, or use --override if the file should win"};
            for (const auto* c : dotenv_shadowed) {
                fd.sources.push_back(c->origin.where);
            }
            res.findings.push_back(std::move(fd));
        }
        // A later .env file changing a key of an earlier one.
        std::map<int, const Candidate*> last_per_file;  // order -> last candidate of that file
        for (const auto* c : dotenv_all) {
            auto& slot = last_per_file[c->origin.order];
            if (slot == nullptr) {
                slot = c;  // candidates are sorted best first, so the first seen is the file's last line
            }
        }
        if (last_per_file.size() > 1) {
            const Candidate* later = last_per_file.rbegin()->second;
            std::vector<std::string> changed;
            for (const auto& [order, c] : last_per_file) {
                if (c != later && c->value != later->value) {
                    changed.push_back(c->origin.where);
                }
            }
            if (!changed.empty()) {
                Finding fd{"DGL104", Severity::notice, key, {later->origin.where},
                           "a later .env file changes the value set by an earlier one", ""};
                fd.sources.insert(fd.sources.end(), changed.begin(), changed.end());
                res.findings.push_back(std::move(fd));
            }
        }
        // Findings are made; move the candidates into the variable instead of copying them, and
        // append at the end of the map: the groups are walked in sorted key order.
        Variable v{std::move(cands.front().value), std::move(cands.front().origin),
                   {std::make_move_iterator(cands.begin() + 1), std::make_move_iterator(cands.end())}};
        vars.emplace_back(key, std::move(v));
    }
    res.vars.adopt_sequence(boost::container::ordered_unique_range, std::move(vars));
    // KEY_FILE was consumed by the indirection: it never reaches the child (contract §3).
    for (const auto& ind : in.file_indirections) {
        res.vars.erase(ind.file_key);  // (few: one shift each)
    }
    return res;
}

}  // namespace dgl::env
