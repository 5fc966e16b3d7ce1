"""Admin: password rules in characters with a strength rule, the add-user form, sections that
survive a save, deactivation asks first."""

from __future__ import annotations

import pytest

from hoplr_data.core.db import make_engine
from hoplr_data.core.roles import Actor
from hoplr_data.users import accounts as users
from hoplr_data.users.accounts import UserError, check_new_password, list_users
from tests.helpers import app, logged_in


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("één wachtwd", "error.password_length"),  # 11 characters (13 bytes) is too short
        ("x" * 65, "error.password_length"),
        ("🙂 " * 32, "error.password_bytes"),  # 64 characters but 160 bytes
        ("aaaaaaaaaaaa", "error.password_weak"),  # one character
        ("abababababab", "error.password_weak"),  # two different characters
        ("abcdefghijklmnop", "error.password_weak"),  # only lower-case letters
        ("1234567890123", "error.password_weak"),  # only digits
    ],
)
def test_a_chosen_password_is_refused_with_its_reason(password, code):
    with pytest.raises(UserError) as refused:
        check_new_password(password)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "password",
    ["één lang wachtwoord", "x" * 30 + "1234567890" * 3 + "abcd", "Zonnebloem 2020", "demo-password-2020"],
)
def test_good_passwords_are_accepted(password):
    check_new_password(password)


def test_the_admin_cannot_give_a_weak_password(engine):
    with pytest.raises(UserError, match="error.password_weak"):
        users.add_user(engine, actor=Actor("admin", ("admin",)), username="zwak", name="Zwak",
                       password="aaaaaaaaaaaa", roles=["viewer"])  # fmt: skip
    assert not [u for u in list_users(engine) if u["username"] == "zwak"]


def test_add_user_form_keeps_input_on_refusal_and_empties_after_success(
    pilot_sqlite_url, monkeypatch
):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/9_Admin.py"), "admin")
    at.run()
    at.text_input[0].input("nieuwe.collega")
    at.text_input[1].input("Nieuwe Collega")
    at.text_input[2].input("collega@example.org")
    at.multiselect[0].select("viewer")
    at.text_input[3].input("aaaaaaaaaaaa")
    at.button[0].click().run()
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("Dit wachtwoord is te zwak")
    assert not any("byte" in e for e in errors)
    typed = [at.text_input[i].value for i in range(4)]
    assert typed == ["nieuwe.collega", "Nieuwe Collega", "collega@example.org", "aaaaaaaaaaaa"]
    assert at.multiselect[0].value == ["viewer"]
    at.text_input[3].input("een lang genoeg wachtwoord")
    at.button[0].click().run()
    assert "De gebruiker is toegevoegd." in [s.value for s in at.success]
    assert "nieuwe.collega" in [u["username"] for u in list_users(make_engine(pilot_sqlite_url))]
    assert [at.text_input[i].value for i in range(4)] == ["", "", "", ""]
    assert at.multiselect[0].value == []


def test_saving_settings_stays_on_the_settings_section(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/9_Admin.py"), "admin")
    at.run()
    at.radio(key="admin_section").set_value("settings").run()
    k_input = next(n for n in at.number_input if n.label.startswith("Drempel k"))
    k_input.set_value(7)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    assert "Opgeslagen." in [s.value for s in at.success]
    assert at.radio(key="admin_section").value == "settings"
    assert next(n for n in at.number_input if n.label.startswith("Drempel k")).value == 7


def test_deactivating_a_user_asks_for_confirmation(pilot_sqlite_url, monkeypatch):
    engine = make_engine(pilot_sqlite_url)
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/9_Admin.py"), "admin")
    at.run()
    at.selectbox(key="w_edit_user").select("viewer").run()
    active = next(c for c in at.checkbox if c.label == "Actief")
    active.uncheck()
    save = [b for b in at.button if b.label == "Opslaan"]
    save[0].click().run()
    assert any("viewer" in w.value and "deactiveren" in w.value for w in at.warning)
    assert next(u for u in list_users(engine) if u["username"] == "viewer")["active"]
    at.button(key="deactivate_yes").click().run()
    assert not at.exception
    assert not next(u for u in list_users(engine) if u["username"] == "viewer")["active"]
    engine.dispose()
