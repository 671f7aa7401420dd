# Generates the benchmark's .env inputs: a realistic 60-key Diffgram .env grown from the
# upstream example with the settings catalog's keys, and 1k/10k/100k-key files built on it.
# Deterministic (fixed seed) so two runs measure the same bytes.
import csv
import random
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests/data/diffgram/env-root-example"
CATALOG = ROOT / "tests/data/diffgram/settings-env-catalog.tsv"
SEED = 20240609
BASE_KEYS = 60


def _token(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def _catalog_rows():
    lines = [l for l in CATALOG.read_text().splitlines() if l and not l.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _value_for(row, rng):
    """A plausible value for a catalog key: its code default, or one shaped by its type."""
    default = row["default_in_code"]
    if default not in ("(unset)", "(empty string)"):
        return default
    if row["parse"] == "bool":
        return "False"
    if row["parse"] == "int":
        return str(rng.randint(1, 9999))
    if row["name"].endswith("DATABASE_URL"):
        return f"postgresql+psycopg2://postgres:{_token(rng, 12)}@db:5432/diffgram_testing"
    if row["secret"] == "Y":
        return _token(rng, 32)
    if row["secret"] == "ID":
        return "diffgram-" + _token(rng, 6)
    return row["name"].lower().replace("_", "-")


def _styled(key, value, i):
    """Rotate through the python-dotenv statement forms a hand-written .env uses."""
    if i % 11 == 3:
        return f"export {key}={value}"
    if i % 7 == 2:
        return f'{key}="{value}"'
    if i % 5 == 4:
        return f"{key}='{value}'"
    if i % 9 == 1:
        return f"{key}={value}  # set by the installer"
    return f"{key}={value}"


def diffgram_env(rng):
    """The 60-key file: the upstream example verbatim, then catalog keys it lacks."""
    lines = ["# Diffgram .env for the benchmark: env-root-example grown with catalog keys", ""]
    lines += EXAMPLE.read_text().splitlines()
    seen = {l.split("=", 1)[0] for l in lines if "=" in l and not l.startswith("#")}
    lines += ["", "# catalog keys the example does not set"]
    i = 0
    for row in _catalog_rows():
        if len(seen) >= BASE_KEYS:
            break
        key = row["name"]
        if key in seen:
            continue
        seen.add(key)
        if key == "WEBHOOKS_URL_BASE":
            lines.append(f"{key}=${{URL_BASE}}")  # interpolation, as a real file would do
        else:
            lines.append(_styled(key, _value_for(row, rng), i))
        i += 1
    assert len(seen) == BASE_KEYS, len(seen)
    return lines


def grown_env(base_lines, n, rng):
    """base_lines plus n-60 synthetic service keys: every form, some secrets, some ${VAR}."""
    lines = list(base_lines) + ["", f"# {n - BASE_KEYS} generated keys"]
    services = ["WALRUS", "EVENTHANDLER", "DISPATCH", "MEDIA", "EXPORT", "LABEL", "TASK", "QUEUE"]
    suffixes = ["HOST", "PORT", "TIMEOUT", "URL", "ENABLED", "POOL_SIZE", "BUCKET", "API_TOKEN"]
    for i in range(n - BASE_KEYS):
        key = f"DIFFGRAM_{services[i % 8]}_{i:06d}_{suffixes[(i // 8) % 8]}"
        if i % 97 == 50:
            value = "${DIFFGRAM_WALRUS_000000_HOST}/" + _token(rng, 8)
            lines.append(f'{key}="{value}"')  # python-dotenv expands only unquoted or "..."
            continue
        lines.append(_styled(key, _token(rng, rng.randint(8, 40)), i))
    return lines


def write_inputs(outdir, sizes=(1000, 10000, 100000)):
    """Writes env-60.env and env-<n>.env into outdir; returns {n: path}."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    base = diffgram_env(rng)
    paths = {BASE_KEYS: outdir / f"env-{BASE_KEYS}.env"}
    paths[BASE_KEYS].write_text("\n".join(base) + "\n")
    for n in sizes:
        paths[n] = outdir / f"env-{n}.env"
        paths[n].write_text("\n".join(grown_env(base, n, rng)) + "\n")
    return paths


if __name__ == "__main__":
    import sys

    for n, p in write_inputs(sys.argv[1] if len(sys.argv) > 1 else "bench/work").items():
        print(n, p)
