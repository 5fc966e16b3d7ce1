"""Admin actions on departments, categories (handling terms) and standard replies."""

from __future__ import annotations

import re

from sqlalchemy import Engine, select

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import LANGUAGES, Category, Department, ReplyTemplate
from hoplr_data.core.roles import require
from hoplr_data.users.accounts import StaleEdit, UserError

CODE = re.compile(r"^[a-z0-9_]{2,32}$")
MAX_TEMPLATE_CHARS = 4000


def _names(names: dict[str, str]) -> dict[str, str]:
    cleaned = {lang: (names.get(lang) or "").strip() for lang in LANGUAGES}
    if not all(cleaned.values()):
        raise UserError("error.names_all_languages")
    return {f"name_{lang}": value[:120] for lang, value in cleaned.items()}


def add_department(
    engine: Engine, *, actor_roles: list[str], code: str, names: dict[str, str]
) -> None:
    """Add a department with a name in every language."""
    require(actor_roles, "administer")
    code = code.strip().lower()
    if not CODE.match(code):
        raise UserError("error.code_format")
    values = _names(names)
    with session_scope(engine) as session:
        if session.scalar(select(Department.id).where(Department.code == code)):
            raise UserError("error.code_taken")
        session.add(Department(code=code, **values))


def update_category(
    engine: Engine,
    *,
    actor_roles: list[str],
    code: str,
    version: int,
    department_code: str,
    handling_days: int,
    names: dict[str, str],
) -> None:
    """Change a category's department, handling term and names; refused on a stale version."""
    require(actor_roles, "administer")
    if not 1 <= handling_days <= 365:
        raise UserError("error.handling_days")
    values = _names(names)
    with session_scope(engine) as session:
        category = session.scalar(select(Category).where(Category.code == code).with_for_update())
        if category is None:
            raise UserError("error.not_found")
        if category.version != version:
            raise StaleEdit()
        department_id = session.scalar(
            select(Department.id).where(Department.code == department_code)
        )
        if department_id is None:
            raise UserError("error.not_found")
        category.department_id = department_id
        category.handling_days = handling_days
        for key, value in values.items():
            setattr(category, key, value)
        category.version += 1


def save_template(
    engine: Engine, *, actor_roles: list[str], kind: str, status: str, language: str, text: str
) -> None:
    """Create or change the standard reply of a status in a language."""
    require(actor_roles, "administer")
    text = text.strip()
    if not text:
        raise UserError("error.required_fields")
    if len(text) > MAX_TEMPLATE_CHARS or language not in LANGUAGES:
        raise UserError("error.template")
    with session_scope(engine) as session:
        row = session.scalar(
            select(ReplyTemplate).where(
                ReplyTemplate.kind == kind,
                ReplyTemplate.status == status,
                ReplyTemplate.language == language,
            )
        )
        if row is None:
            session.add(ReplyTemplate(kind=kind, status=status, language=language, text=text))
        else:
            row.text = text


def departments(engine: Engine, *, lang: str) -> list[dict]:
    """Every department with its name in a language."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Department.code, getattr(Department, f"name_{lang}")).order_by(Department.code)
        )
        return [{"code": c, "name": n} for c, n in rows]


def category_rows(engine: Engine) -> list[dict]:
    """Every category with names in all languages, for the admin form."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Category.code,
                Category.kind,
                Category.handling_days,
                Category.version,
                Category.name_nl,
                Category.name_fr,
                Category.name_en,
                Department.code.label("department_code"),
            )
            .join(Department, Department.id == Category.department_id)
            .order_by(Category.kind, Category.code)
        ).mappings()
        return [dict(r) for r in rows]
