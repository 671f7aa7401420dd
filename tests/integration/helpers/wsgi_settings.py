"""A tiny WSGI app for the end-to-end test: it reads its settings at import the way Diffgram's
shared/settings/settings.py does (EnvAdapter bools, DOCKER_CONTEXT first, load_dotenv otherwise)
and answers every request with what it saw, as JSON. Secrets are reported as set / not set and a
SHA-256, never as values."""
import hashlib
import json
import os


class EnvAdapter:
    """shared/settings/env_adapter.py: strip + lower, then Diffgram's bool vocabulary."""

    def bool(self, value):
        if isinstance(value, bool):
            return value
        value = value.strip().lower()
        if value in ("yes", "y", "true", "1"):
            return True
        if value in ("no", "n", "false", "0", ""):
            return False
        raise ValueError(f"Cannot interpret boolean value {value!r}")


env_adapter = EnvAdapter()
DOCKER_CONTEXT = env_adapter.bool(os.getenv("DOCKER_CONTEXT", False))
LOADED_DOTENV = False
if not DOCKER_CONTEXT:
    from dotenv import find_dotenv, load_dotenv
    LOADED_DOTENV = load_dotenv(find_dotenv(".env"))

DIFFGRAM_SYSTEM_MODE = os.getenv("DIFFGRAM_SYSTEM_MODE", "sandbox")
USE_RATE_LIMITS = env_adapter.bool(os.getenv("USE_RATE_LIMITS", False))
DIFFGRAM_STATIC_STORAGE_PROVIDER = os.getenv("DIFFGRAM_STATIC_STORAGE_PROVIDER")
SECRET_KEY = os.getenv("SECRET_KEY")
DATABASE_URL = os.getenv("DATABASE_URL")


def sha(value):
    return hashlib.sha256(value.encode()).hexdigest() if value else None


SEEN = {
    "pid": os.getpid(),
    "docker_context": DOCKER_CONTEXT,
    "loaded_dotenv": bool(LOADED_DOTENV),
    "system_mode": DIFFGRAM_SYSTEM_MODE,
    "use_rate_limits": USE_RATE_LIMITS,
    "storage_provider": DIFFGRAM_STATIC_STORAGE_PROVIDER,
    "secret_key": "set" if SECRET_KEY else "not set",
    "secret_key_sha256": sha(SECRET_KEY),
    "database_url_sha256": sha(DATABASE_URL),
    "launcher_vars": sorted(k for k in os.environ if k.startswith("DIFFGRAM_LAUNCH_")),
}


def app(environ, start_response):
    body = json.dumps(dict(SEEN, worker_pid=os.getpid())).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
