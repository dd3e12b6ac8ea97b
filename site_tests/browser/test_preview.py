"""The developer's loop (`make serve PORT=...`): the preview serves the site at the port asked
for, and an open page reloads by itself with the change when a record changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import SMALL_CONTENT, copy_project

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, preview: subprocess.Popen, deadline: float = 180) -> str:
    """The page at url once the preview serves it (polling, up to deadline seconds)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert preview.poll() is None, "the preview stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)  # polling a server that is starting, not waiting for a build to end
    raise AssertionError(f"nothing served at {url} within {deadline} s")


def test_the_preview_reloads_the_open_page_when_a_record_changes(tmp_path, page):
    # A small agenda: the loop is the same, and its rebuilds take a second, not a minute.
    project = copy_project(tmp_path / "project", SMALL_CONTENT)
    port = free_port()
    preview = subprocess.Popen([sys.executable, "-m", "agenda_site", "serve", "--port", str(port)], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    try:
        url = f"http://127.0.0.1:{port}/foundational-challenges/category-2/first/"
        served = wait_until_served(url, preview)
        # No policy in the preview: the engine's reload script is inline, and must run.
        assert "Content-Security-Policy" not in served
        page.goto(url)
        expect(page.locator("h1")).to_contain_text("2.1 The First Challenge")
        record = project / "content" / "challenges" / "2.1.yml"
        text = record.read_text(encoding="utf-8")
        assert "summary: A summary" in text
        record.write_text(text.replace("summary: A summary", "summary: A sentence added while the page was open. A summary", 1),
                          encoding="utf-8")
        # The tab is not touched: the preview rebuilds and the page reloads itself.
        expect(page.locator("article")).to_contain_text("A sentence added while the page was open.", timeout=180_000)
        assert [error for error in page.console_errors if "Content Security Policy" in error] == []
    finally:
        preview.send_signal(signal.SIGINT)
        preview.wait(timeout=60)
    assert preview.returncode == 0
