"""Ingest of residents' conversation: post, reaction, appreciation (a mixin of the Ingester).

The text of a post or reaction is read for its language and length, and a post's text for its
topic (classified just before the batch is written); then it is dropped: no table holds it.
"""

from __future__ import annotations

from sqlalchemy import select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import week_start
from hoplr_data.ingest.fields import (
    Rejected,
    _id,
    _language,
    _str,
    _text,
    _time,
    known,
    stored_fingerprints,
)

CONVERSATION_TYPES = ("post", "reaction", "appreciation")


class ConversationEvents:
    """Handlers for posts and the reactions and thanks on them; expects the Ingester's queue."""

    def _load_conversation_state(self, conn) -> None:  # noqa: ANN001
        """Read the ids of the posts already imported (reactions refer to them)."""
        # post id -> (household, buurt, moment): a re-sent post must repeat them
        self.stored_posts = {
            pid: (hid, bid, created)
            for pid, hid, bid, created in conn.execute(
                select(m.Post.id, m.Post.household_id, m.Post.buurt_id, m.Post.created_at)
            )
        }
        self.post_ids = set(self.stored_posts)
        # reaction / appreciation id -> fingerprint of (post, household, moment[, length])
        self.stored_reactions = stored_fingerprints(
            conn,
            m.Reaction.id,
            m.Reaction.post_id,
            m.Reaction.household_id,
            m.Reaction.created_at,
            m.Reaction.length,
        )
        self.stored_appreciations = stored_fingerprints(
            conn,
            m.Appreciation.id,
            m.Appreciation.post_id,
            m.Appreciation.household_id,
            m.Appreciation.created_at,
        )

    def _on_post(self, ev: dict) -> None:
        """A resident post in a buurt: buurt, language, length and (on flush) its topic."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        self._household_buurt(hid, when)
        text = _text(ev)
        language = _language(ev, text)  # before the id is marked known: it may reject the line
        if eid in self.post_ids:
            stored = self.stored_posts.get(eid)
            if stored is not None and stored != (hid, buurt_id, when):
                raise Rejected("conflicting_duplicate", "id")
            return
        self.post_ids.add(eid)
        self._queue(
            "post",
            {
                "id": eid,
                "household_id": hid,
                "buurt_id": buurt_id,
                "created_at": when,
                "week": week_start(when.date()),
                "month": when.date().replace(day=1),
                "language": language,
                "length": len(text),
                "topic": None,
                "topic_confidence": None,
                "model_version": None,
                "_text": text,
            },
        )

    def _on_reaction(self, ev: dict) -> None:
        """A reaction on a post: its language and length only."""
        row = self._post_activity(ev)
        text = _text(ev)
        row.update(language=_language(ev, text), length=len(text))
        content = (row["post_id"], row["household_id"], row["created_at"], row["length"])
        if not known(self.stored_reactions, row["id"], *content):
            self._queue("reaction", row)

    def _on_appreciation(self, ev: dict) -> None:
        """A thank-you on a post."""
        row = self._post_activity(ev)
        content = (row["post_id"], row["household_id"], row["created_at"])
        if not known(self.stored_appreciations, row["id"], *content):
            self._queue("appreciation", row)

    def _post_activity(self, ev: dict) -> dict:
        """The row shared by reactions and thanks: a known post, a registered household."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        post_id = _str(ev, "post_id")
        buurt_id = self._household_buurt(hid, when)
        if post_id not in self.post_ids:
            raise Rejected("unknown_post", "post_id")
        return {
            "id": eid,
            "post_id": post_id,
            "household_id": hid,
            "buurt_id": buurt_id,
            "created_at": when,
            "week": week_start(when.date()),
        }

    def _classify_pending_posts(self) -> None:
        """Give queued posts their topic, confidence and model version; then drop the text."""
        posts = [row for row in self.pending.get("post", ()) if "_text" in row]
        if not posts:  # none queued, or classified by an attempt that is being written again
            return
        from hoplr_data.topics.model import load_classifier

        classifier = load_classifier()
        predictions = classifier.predict_with_confidence([row.pop("_text") for row in posts])
        for row, (topic, confidence) in zip(posts, predictions, strict=True):
            row.update(topic=topic, topic_confidence=confidence, model_version=classifier.version)
