"""Configuration read from the environment, with safe defaults for the embedded demo."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
DEFAULT_SQLITE_PATH = DATA_DIR / "hoplr.db"
COOKIE_KEY_FILE = DATA_DIR / ".cookie_key"
MIN_COOKIE_KEY_BYTES = 32
PLACEHOLDER_SECRETS = {"changeme", "change-me", "some_key", "secret", "placeholder", "xxx"}
TIMEZONE = "Europe/Amsterdam"
DEFAULT_BCRYPT_ROUNDS = 12
MIN_BCRYPT_ROUNDS = 10  # below this only with HOPLR_INSECURE_TEST_HASHING=1 (the test suite)
MIN_TEST_BCRYPT_ROUNDS = 4  # bcrypt's own minimum
MAX_BCRYPT_ROUNDS = 16  # 2**16 rounds already take several seconds per login


class ConfigError(RuntimeError):
    """Raised when a setting is missing or unsafe; `code` is a catalog key, `params` its values."""

    def __init__(self, code: str, **params: object) -> None:
        from hoplr_data.core.i18n import t  # the English text serves logs and tracebacks

        super().__init__(t(code, "en", **params))
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Settings:
    """Settings of one process."""

    database_url: str
    is_embedded: bool
    seed_demo: bool
    login_sleep_time: float


def get_settings() -> Settings:
    """Read settings from the environment (DATABASE_URL, HOPLR_DEMO, HOPLR_LOGIN_SLEEP)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    embedded = not url
    if embedded:
        url = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    demo_env = os.environ.get("HOPLR_DEMO", "").strip().lower()
    seed_demo = embedded if not demo_env else demo_env in {"1", "true", "yes"}
    return Settings(
        database_url=normalise_database_url(url),
        is_embedded=embedded,
        seed_demo=seed_demo,
        login_sleep_time=float(os.environ.get("HOPLR_LOGIN_SLEEP", "0.7")),
    )


@dataclass(frozen=True)
class SecuritySettings:
    """Login sessions and lockout: lifetimes, thresholds and delays (read from the environment)."""

    idle_minutes: float = 30.0  # a session not used for this long ends
    max_hours: float = 12.0  # a session ends this long after the login, used or not
    lockout_failures: int = 5  # failed logins of one account before it is locked
    address_lockout_failures: int = 25  # failed logins from one client address before it is
    lockout_minutes: float = 15.0  # the first lockout; each next one doubles
    delay_seconds: float = 1.0  # the wait after the first failure; doubles with each one
    max_delay_seconds: float = 8.0


SECURITY_ENV = {
    "idle_minutes": "HOPLR_SESSION_IDLE_MINUTES",
    "max_hours": "HOPLR_SESSION_MAX_HOURS",
    "lockout_failures": "HOPLR_LOCKOUT_FAILURES",
    "address_lockout_failures": "HOPLR_ADDRESS_LOCKOUT_FAILURES",
    "lockout_minutes": "HOPLR_LOCKOUT_MINUTES",
    "delay_seconds": "HOPLR_LOGIN_DELAY",
}


def security_settings() -> SecuritySettings:
    """Session lifetimes and lockout rules from HOPLR_SESSION_* / HOPLR_LOCKOUT_* variables."""
    values: dict[str, float | int] = {}
    for field, var in SECURITY_ENV.items():
        raw = os.environ.get(var, "").strip()
        if not raw:
            continue
        kind = type(getattr(SecuritySettings, field))
        try:
            value = kind(raw)
        except ValueError:
            value = -1
        if value < 0 or (value == 0 and field != "delay_seconds"):
            raise ConfigError("config.security_setting", name=var, value=raw)
        values[field] = value
    return SecuritySettings(**values)


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def check_cookie_key(key: str) -> str:
    """Refuse a missing, short or placeholder cookie key."""
    if not key or key.strip().lower() in PLACEHOLDER_SECRETS:
        raise ConfigError("config.cookie_key_placeholder")
    if len(key.encode()) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError("config.cookie_key_short", min=MIN_COOKIE_KEY_BYTES)
    return key


def cookie_key(secrets_value: str | None = None, *, generate: bool = False) -> str:
    """Return the cookie key from HOPLR_COOKIE_KEY, secrets.toml, or the demo's own key file."""
    key = os.environ.get("HOPLR_COOKIE_KEY") or secrets_value
    if key:
        return check_cookie_key(key)
    if COOKIE_KEY_FILE.exists():
        return check_cookie_key(COOKIE_KEY_FILE.read_text().strip())
    if not generate:
        raise ConfigError("config.cookie_key_missing", min=MIN_COOKIE_KEY_BYTES)
    COOKIE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    COOKIE_KEY_FILE.write_text(key)
    COOKIE_KEY_FILE.chmod(0o600)
    return key


def bcrypt_rounds() -> int:
    """The bcrypt cost for new password hashes: HOPLR_BCRYPT_ROUNDS (default 12, 10 to 16);
    4 to 9 only when HOPLR_INSECURE_TEST_HASHING=1, which the test suite sets and nothing else."""
    raw = os.environ.get("HOPLR_BCRYPT_ROUNDS", "").strip() or str(DEFAULT_BCRYPT_ROUNDS)
    testing = os.environ.get("HOPLR_INSECURE_TEST_HASHING", "").strip() == "1"
    low = MIN_TEST_BCRYPT_ROUNDS if testing else MIN_BCRYPT_ROUNDS
    if not raw.isdigit() or not low <= int(raw) <= MAX_BCRYPT_ROUNDS:
        raise ConfigError("config.bcrypt_rounds", value=raw, min=low, max=MAX_BCRYPT_ROUNDS)
    return int(raw)
