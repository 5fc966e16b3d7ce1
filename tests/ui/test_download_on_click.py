"""Downloads are made only on a click (issue 12): a page that offers the Inbox CSV/XLSX or the
Open311 JSON puts no file on the server's media endpoint and no URL on the page, only a
deferred id that its own session can run; the server forgets a generated file shortly after."""

from __future__ import annotations

import json
import time

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.helpers import app, logged_in
from ui import downloads


def test_inbox_page_serves_no_file_until_a_click(pilot_sqlite_url, monkeypatch, media):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.run()
    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 3  # Inbox CSV, XLSX, Open311 JSON
    assert all(b.proto.url == "" and b.proto.deferred_file_id for b in buttons)
    storage = media[-1]
    stored = [f.mimetype for f in storage._files_by_id.values()]
    assert stored in ([], ["image/png"])  # nothing but the page icon at /media/ before a click
    url, content = storage.download(buttons[2])  # the click
    assert url.endswith(".json")
    requests = json.loads(content)
    assert requests and all("description" in r for r in requests)


def test_a_generated_file_is_forgotten_after_its_lifetime(monkeypatch):
    monkeypatch.setenv("HOPLR_DOWNLOAD_SECONDS", "0.5")
    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    runtime = type("Runtime", (), {"media_file_mgr": manager})()
    monkeypatch.setattr(downloads.runtime, "exists", lambda: True)
    monkeypatch.setattr(downloads.runtime, "get_instance", lambda: runtime)
    file_id = manager.add_deferred(
        downloads.on_click_only(lambda: b"resident's address"), "text/csv", "coord", "a.csv"
    )
    url = manager.execute_deferred(file_id)
    name = url.rsplit("/", 1)[1]
    assert storage.get_file(name).content == b"resident's address"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            storage.get_file(name)
        except MediaFileStorageError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the generated file was still served after its lifetime")


def test_lifetime_setting_is_bounded(monkeypatch):
    monkeypatch.setenv("HOPLR_DOWNLOAD_SECONDS", "abc")
    assert downloads.lifetime_seconds() == 30.0
    monkeypatch.setenv("HOPLR_DOWNLOAD_SECONDS", "1e9")
    assert downloads.lifetime_seconds() == 600.0
    monkeypatch.setenv("HOPLR_DOWNLOAD_SECONDS", "5")
    assert downloads.lifetime_seconds() == 5.0
