"""Advice shown while composing: reach, the cadence guard and a plain-language hint."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Engine, func, or_, select

from hoplr_data.core.models import Buurt, Publication, PublicationBuurt
from hoplr_data.core.timeutil import week_start
from hoplr_data.stats import metrics

DIGEST_HOUR = 17
LIVE_STATUSES = ("scheduled", "published", "archived")
# Plain-language advice: sentences of at most 20 words; words longer than this many letters
# are hard to read (Dutch compounds run longer than French or English words).
MAX_SENTENCE_WORDS = 20
LONG_WORD_LETTERS = {"nl": 16, "fr": 13, "en": 13}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def reach(engine: Engine, *, buurt_ids: list[int] | None, moment: dt.datetime) -> int:
    """Registered households in the targeted buurten (None: every buurt) at a moment."""
    scope = metrics.Scope(as_of=moment.date(), buurt_ids=tuple(buurt_ids) if buurt_ids else None)
    with engine.connect() as conn:
        return metrics.households_registered(conn, scope, moment)


@dataclass(frozen=True)
class CadenceWarning:
    """A targeted buurt that already has municipality items that day or week."""

    code: str
    buurt: str
    count: int


def cadence_warnings(
    engine: Engine,
    *,
    buurt_ids: list[int] | None,
    moment: dt.datetime,
    exclude_id: int | None = None,
) -> list[CadenceWarning]:
    """Warn per buurt: already an item that day, or more than one that ISO week.

    Counts items published or scheduled to go out in the same day or week as ``moment``;
    an item for every buurt counts in each of them.
    """
    monday = week_start(moment.date())
    start = dt.datetime.combine(monday, dt.time())
    end = start + dt.timedelta(days=7)
    day = moment.date()
    with engine.connect() as conn:
        buurten = conn.execute(
            select(Buurt.id, Buurt.name)
            .where(Buurt.id.in_(buurt_ids) if buurt_ids else Buurt.id.is_not(None))
            .order_by(Buurt.name)
        ).all()
        times = _item_times(conn, start, end, exclude_id)
    warnings: list[CadenceWarning] = []
    for buurt_id, name in buurten:
        mine = [when for when, target in times if target in (None, buurt_id)]
        same_day = sum(1 for when in mine if when.date() == day)
        if same_day:
            warnings.append(CadenceWarning("pub.cadence.same_day", name, same_day))
        elif len(mine) > 1:
            warnings.append(CadenceWarning("pub.cadence.same_week", name, len(mine)))
    return warnings


def _item_times(conn, start: dt.datetime, end: dt.datetime, exclude_id: int | None) -> list:  # noqa: ANN001
    """(when, buurt id or None for all) of live items going out between start and end."""
    when = func.coalesce(Publication.published_at, Publication.scheduled_at)
    query = (
        select(when, PublicationBuurt.buurt_id, Publication.all_buurten)
        .select_from(Publication)
        .outerjoin(PublicationBuurt, PublicationBuurt.publication_id == Publication.id)
        .where(
            Publication.status.in_(LIVE_STATUSES),
            or_(
                Publication.published_at.between(start, end),
                Publication.scheduled_at.between(start, end),
            ),
        )
    )
    if exclude_id is not None:
        query = query.where(Publication.id != exclude_id)
    rows = []
    for moment, buurt_id, all_buurten in conn.execute(query):
        moment = moment if isinstance(moment, dt.datetime) else dt.datetime.fromisoformat(moment)
        if start <= moment < end:
            rows.append((moment, None if all_buurten else buurt_id))
    return rows


def makes_digest(moment: dt.datetime) -> bool:
    """True when an item going out at this moment is in that day's e-mail digest."""
    return moment.hour < DIGEST_HOUR


@dataclass(frozen=True)
class Readability:
    """Plain-language figures for one text."""

    sentences: int
    words: int
    long_sentences: list[str]
    long_words: list[str]

    @property
    def words_per_sentence(self) -> float:
        """Mean sentence length in words."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def is_plain(self) -> bool:
        """No long sentence and no long word."""
        return not self.long_sentences and not self.long_words


def readability(text: str, language: str) -> Readability:
    """Sentences over 20 words and words longer than the language's limit."""
    sentences = [s.strip() for s in SENTENCE_END.split(text or "") if s.strip()]
    limit = LONG_WORD_LETTERS.get(language, 13)
    long_sentences, long_words, words = [], [], 0
    for sentence in sentences:
        found = WORD.findall(sentence)
        words += len(found)
        if len(found) > MAX_SENTENCE_WORDS:
            long_sentences.append(sentence)
        long_words += [w for w in found if len(w) > limit and w not in long_words]
    return Readability(len(sentences), words, long_sentences, long_words)
