"""Display helpers of the inbox: translated tables (resident text stays plain text in dataframes)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from hoplr_data.core.i18n import fmt_datetime, t

from .charts import COUNT, DAY, Scope, localised, period, source

LIST_COLUMNS = {
    "id": "inbox.col.id",
    "kind": "inbox.col.kind",
    "status": "inbox.col.status",
    "new_reply": "inbox.col.new_reply",
    "priority": "inbox.col.priority",
    "buurt": "buurten.col.name",
    "category": "inbox.col.category",
    "department": "inbox.col.department",
    "assignee": "inbox.col.assignee",
    "created_at": "inbox.col.created",
    "deadline": "inbox.col.deadline",
    "punctuality": "inbox.col.punctuality",
    "preview": "inbox.col.text",
}


def list_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The inbox list with translated values and headers."""
    frame = frame.assign(
        new_reply=[t("inbox.new_reply", lang) if pd.notna(v) else "" for v in frame["new_reply_at"]]
    )
    shown = frame[list(LIST_COLUMNS)].copy()
    shown["kind"] = shown["kind"].map(lambda v: t(f"kind.{v}", lang))
    shown["status"] = shown["status"].map(lambda v: t(f"status.{v}", lang))
    shown["priority"] = shown["priority"].map(lambda v: t(f"priority.{v}", lang))
    shown["punctuality"] = shown["punctuality"].map(lambda v: t(f"punctuality.{v}", lang))
    shown["assignee"] = shown["assignee"].fillna("—")
    for column in ("created_at", "deadline"):
        shown[column] = [fmt_datetime(v, lang) for v in shown[column]]
    return shown.rename(columns={c: t(k, lang) for c, k in LIST_COLUMNS.items()})


def history_table(history: list[dict], lang: str) -> pd.DataFrame:
    """An item's history: when, who, what, and the text of notes and replies (plain text)."""
    rows = []
    for h in history:
        change = ""
        if h["action"] == "status":
            change = f"{t('status.' + h['from'], lang)} → {t('status.' + h['to'], lang)}"
        elif h["action"] in ("assign", "category", "priority", "duplicate"):
            change = f"{h['from'] or '—'} → {h['to'] or '—'}"
        elif h["action"] in ("reply", "resident_reply"):
            change = h["to"] or ""
        rows.append(
            {
                t("inbox.col.when", lang): fmt_datetime(h["at"], lang),
                t("inbox.col.who", lang): _who(h, lang),
                t("inbox.col.action", lang): t(f"action.{h['action']}", lang),
                t("inbox.col.change", lang): change,
                t("inbox.col.text", lang): h["text"] or "",
            }
        )
    return pd.DataFrame(rows)


def _who(event: dict, lang: str) -> str:
    """Who wrote a history row: a user, the resident (their reply) or the system."""
    if event["action"] == "resident_reply":
        return t("inbox.resident", lang)
    return event["user"] or t("inbox.system", lang)


def backlog_chart(backlog: pd.DataFrame, lang: str) -> alt.Chart:
    """Open items at the end of each week (in the language, with title, source and period)."""
    chart = (
        alt.Chart(backlog)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title=t("chart.week", lang), axis=alt.Axis(format=DAY)),
            y=alt.Y("open:Q", title=t("inbox.backlog", lang)),
            tooltip=[
                alt.Tooltip("week:T", title=t("chart.week", lang), format=DAY),
                alt.Tooltip("open:Q", title=t("inbox.backlog", lang), format=COUNT),
            ],
        )
        .properties(height=260)
    )
    weeks = pd.to_datetime(backlog["week"])
    span = period(lang, weeks.min().date(), weeks.max().date())
    about = Scope(source(lang), span, t("chart.inbox_selection", lang))
    return localised(chart, lang, t("inbox.backlog", lang), about)
