"""Users, roles and buurten admin actions: permissions, validation, stale edits."""

import bcrypt
import pytest

from hoplr_data.core import buurten, settings
from hoplr_data.core.config import ConfigError, check_cookie_key
from hoplr_data.core.roles import Actor, PermissionDenied, allows
from hoplr_data.stats.queries import buurten as list_buurten
from hoplr_data.users import accounts as users
from hoplr_data.users.accounts import StaleEdit, UserError

ADMIN_ACTOR = Actor("root", ("admin",))


def add(engine, username="ans", roles=("viewer",), password="correct horse battery"):
    users.add_user(
        engine,
        actor=ADMIN_ACTOR,
        username=username,
        name="Ans",
        password=password,
        roles=list(roles),
    )
    return next(u for u in users.list_users(engine) if u["username"] == username)


def test_password_is_bcrypt_and_length_checked(engine):
    user = add(engine)
    stored = users.credentials(engine)["usernames"]["ans"]["password"]
    assert bcrypt.checkpw(b"correct horse battery", stored.encode())
    assert user["roles"] == ["viewer"]
    for bad in ["short", "x" * 73]:
        with pytest.raises(UserError, match="error.password_length"):
            add(engine, username="bob", password=bad)


def test_only_admins_manage_users(engine):
    for roles in (["viewer"], ["community_builder", "case_handler"]):
        with pytest.raises(PermissionDenied):
            users.add_user(
                engine,
                actor=Actor("x", tuple(roles)),
                username="x",
                name="X",
                password="a" * 12,
                roles=["viewer"],
            )


def test_stale_edit_is_refused_not_overwritten(engine):
    user = add(engine)
    common = {
        "actor": Actor("root", ("admin",)),
        "user_id": user["id"],
        "active": True,
    }
    users.update_user(
        engine, version=user["version"], roles=["case_handler"], name="Ans B", **common
    )
    with pytest.raises(StaleEdit):
        users.update_user(engine, version=user["version"], roles=["admin"], name="Ans C", **common)
    after = users.get_user(engine, "ans")
    assert (after["name"], after["roles"]) == ("Ans B", ["case_handler"])


def test_deactivated_user_cannot_log_in_and_admin_cannot_demote_self(engine):
    user = add(engine, username="chef", roles=["admin"])
    with pytest.raises(UserError, match="cannot_demote_self"):
        users.update_user(
            engine,
            actor=Actor("chef", ("admin",)),
            user_id=user["id"],
            version=user["version"],
            roles=["viewer"],
            active=True,
            name="Chef",
        )
    other = add(engine)
    users.update_user(
        engine,
        actor=Actor("chef", ("admin",)),
        user_id=other["id"],
        version=other["version"],
        roles=["viewer"],
        active=False,
        name="Ans",
    )
    assert "ans" not in users.credentials(engine)["usernames"]
    assert users.get_user(engine, "ans") is None


def test_several_roles_combine_capabilities():
    assert allows(["viewer", "case_handler"], "triage")
    assert not allows(["viewer"], "publish")
    assert allows(["community_builder"], "invitations")


def test_buurt_edit_validation_and_stale_version(engine):
    buurten.add_buurt(engine, actor=ADMIN_ACTOR, name="Duinoord", code="DH-DUI", households=3480)
    with pytest.raises(UserError, match="buurt_code_taken"):
        buurten.add_buurt(engine, actor=ADMIN_ACTOR, name="Dup", code="DH-DUI", households=10)
    with pytest.raises(UserError, match="error.households"):
        buurten.add_buurt(engine, actor=ADMIN_ACTOR, name="Leeg", code="X", households=0)
    b = list_buurten(engine)[0]
    buurten.update_buurt(
        engine,
        actor=ADMIN_ACTOR,
        buurt_id=b["id"],
        version=b["version"],
        name="Duinoord",
        code="DH-DUI",
        households=3500,
    )
    with pytest.raises(StaleEdit):
        buurten.update_buurt(
            engine,
            actor=ADMIN_ACTOR,
            buurt_id=b["id"],
            version=b["version"],
            name="Oud",
            code="DH-DUI",
            households=1,
        )
    assert list_buurten(engine)[0]["households"] == 3500


def test_k_threshold_setting(engine):
    assert settings.get_int(engine, "k_threshold") == 5
    settings.set_int(engine, actor=ADMIN_ACTOR, key="k_threshold", value=10)
    assert settings.get_int(engine, "k_threshold") == 10
    with pytest.raises(PermissionDenied):
        settings.set_int(engine, actor=Actor("someone", ("viewer",)), key="k_threshold", value=3)


@pytest.mark.parametrize("key", ["", "changeme", "some_key", "too-short-key"])
def test_placeholder_cookie_keys_are_refused(key):
    with pytest.raises(ConfigError):
        check_cookie_key(key)
