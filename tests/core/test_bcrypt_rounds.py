"""The bcrypt cost setting: 12 by default, 10 to 16 in production, low costs only for tests."""

from __future__ import annotations

import bcrypt
import pytest

from hoplr_data.core.config import ConfigError, bcrypt_rounds
from hoplr_data.users.accounts import hash_password

PASSWORD = "correct horse battery"


def cost_of(hashed: str) -> int:
    """The cost a bcrypt hash was made with ('$2b$12$...' -> 12)."""
    return int(hashed.split("$")[2])


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment without the test suite's low-cost flag and setting."""
    monkeypatch.delenv("HOPLR_INSECURE_TEST_HASHING", raising=False)
    monkeypatch.delenv("HOPLR_BCRYPT_ROUNDS", raising=False)
    return monkeypatch


def test_the_default_cost_is_12(production):
    hashed = hash_password(PASSWORD)
    assert cost_of(hashed) == 12
    assert bcrypt.checkpw(PASSWORD.encode(), hashed.encode())


@pytest.mark.parametrize("rounds", ["10", "13", " 16 "])
def test_production_accepts_10_to_16(production, rounds):
    production.setenv("HOPLR_BCRYPT_ROUNDS", rounds)
    assert bcrypt_rounds() == int(rounds)


@pytest.mark.parametrize("rounds", ["4", "9", "17", "31", "0", "-12", "12.5", "twelve"])
def test_production_refuses_weak_or_absurd_costs(production, rounds):
    production.setenv("HOPLR_BCRYPT_ROUNDS", rounds)
    with pytest.raises(ConfigError) as refused:
        hash_password(PASSWORD)
    assert refused.value.code == "config.bcrypt_rounds"
    assert refused.value.params == {"value": rounds.strip(), "min": 10, "max": 16}


def test_the_test_flag_allows_down_to_4_and_no_lower(production):
    production.setenv("HOPLR_INSECURE_TEST_HASHING", "1")
    production.setenv("HOPLR_BCRYPT_ROUNDS", "4")
    hashed = hash_password(PASSWORD)
    assert cost_of(hashed) == 4
    assert bcrypt.checkpw(PASSWORD.encode(), hashed.encode())
    assert not bcrypt.checkpw(b"wrong password!", hashed.encode())
    production.setenv("HOPLR_BCRYPT_ROUNDS", "3")
    with pytest.raises(ConfigError):
        bcrypt_rounds()


def test_only_the_value_1_counts_as_the_test_flag(production):
    production.setenv("HOPLR_BCRYPT_ROUNDS", "4")
    for value in ("0", "yes", "true", ""):
        production.setenv("HOPLR_INSECURE_TEST_HASHING", value)
        with pytest.raises(ConfigError):
            bcrypt_rounds()


def test_the_suite_itself_hashes_at_cost_4():
    """tests/conftest.py sets the low cost before anything (the seeded pilot too) hashes."""
    assert cost_of(hash_password(PASSWORD)) == 4


def test_seeded_demo_users_are_hashed_with_the_setting(pilot_sqlite_url):
    from sqlalchemy import select

    from hoplr_data.core import models as m
    from hoplr_data.core.db import make_engine
    from seed.load import DEMO_PASSWORD

    with make_engine(pilot_sqlite_url).connect() as conn:
        hashes = conn.execute(select(m.User.password_hash)).scalars().all()
    assert hashes and {cost_of(h) for h in hashes} == {4}
    assert all(bcrypt.checkpw(DEMO_PASSWORD.encode(), h.encode()) for h in hashes)
