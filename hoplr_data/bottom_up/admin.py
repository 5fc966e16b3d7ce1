"""Admin actions on departments, categories (handling terms) and standard replies."""

from __future__ import annotations

import re

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoplr_data.core import audit
from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import Invalid, NotFound, StaleEdit
from hoplr_data.core.models import LANGUAGES, Category, Department, ReplyTemplate
from hoplr_data.core.roles import Actor

CODE = re.compile(r"^[a-z0-9_]{2,32}$")
MAX_TEMPLATE_CHARS = 4000


def _names(names: dict[str, str]) -> dict[str, str]:
    """The name columns (name_nl, name_fr, name_en); Invalid unless every language has one."""
    cleaned = {lang: (names.get(lang) or "").strip() for lang in LANGUAGES}
    if not all(cleaned.values()):
        raise Invalid("error.names_all_languages")
    return {f"name_{lang}": value[:120] for lang, value in cleaned.items()}


def create_department(session: Session, *, code: str, names: dict[str, str]) -> Department:
    """Add a department in the caller's transaction; its code must be new."""
    code = code.strip().lower()
    if not CODE.match(code):
        raise Invalid("error.code_format")
    values = _names(names)
    if session.scalar(select(Department.id).where(Department.code == code)):
        raise Invalid("error.code_taken")
    department = Department(code=code, **values)
    session.add(department)
    try:
        session.flush()
    except IntegrityError as exc:  # another admin added the same code meanwhile
        raise Invalid("error.code_taken") from exc
    return department


def add_department(engine: Engine, *, actor: Actor, code: str, names: dict[str, str]) -> None:
    """Admin action: add a department with a name in every language."""
    actor.require("administer")
    with session_scope(engine) as session:
        department = create_department(session, code=code, names=names)
        _audit(session, actor, "department.create", "department", department.code)


def _audit(session: Session, actor: Actor, action: str, object_type: str, object_id: str) -> None:
    """The audit row of an admin write, in its transaction."""
    audit.record(
        session, actor=actor.username, action=action, object_type=object_type, object_id=object_id
    )


def edit_category(
    session: Session,
    *,
    code: str,
    version: int,
    department_code: str,
    handling_days: int,
    names: dict[str, str],
) -> None:
    """Change a category in the caller's transaction; StaleEdit when it changed since read."""
    if not 1 <= handling_days <= 365:
        raise Invalid("error.handling_days")
    values = _names(names)
    current = session.scalar(select(Category.version).where(Category.code == code))
    if current is None:
        raise NotFound()
    if current != version:
        raise StaleEdit()
    department_id = session.scalar(select(Department.id).where(Department.code == department_code))
    if department_id is None:
        raise NotFound()
    claim(
        session,
        Category,
        Category.code == code,
        version,
        department_id=department_id,
        handling_days=handling_days,
        **values,
    )


def update_category(
    engine: Engine,
    *,
    actor: Actor,
    code: str,
    version: int,
    department_code: str,
    handling_days: int,
    names: dict[str, str],
) -> None:
    """Admin action: change a category's department, handling term and names (stale refused)."""
    actor.require("administer")
    with session_scope(engine) as session:
        edit_category(
            session,
            code=code,
            version=version,
            department_code=department_code,
            handling_days=handling_days,
            names=names,
        )
        _audit(session, actor, "category.update", "category", code)


def save_template(
    engine: Engine, *, actor: Actor, kind: str, status: str, language: str, text: str
) -> None:
    """Admin action: create or change the standard reply of a status in a language."""
    actor.require("administer")
    text = text.strip()
    if not text:
        raise Invalid("error.required_fields")
    if len(text) > MAX_TEMPLATE_CHARS or language not in LANGUAGES:
        raise Invalid("error.template")
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
        _audit(
            session, actor, "reply_template.save", "reply_template", f"{kind}:{status}:{language}"
        )


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
