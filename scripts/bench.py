"""Benchmark: build time, page sizes, offline bundle size, generator overhead, Lighthouse.

Prints a Markdown table of figures (the README quotes them). Targets it reports against:
question pages under 30 KB of HTML, the generator's overhead at most 1.2x a plain MkDocs
build of the same Markdown, Lighthouse mobile 100/100/100 and at least 95 for performance.
Usage: python scripts/bench.py [--runs 3] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from agenda_site.core import generate, plugin_less_config, read_engine_config, settings_from, write_docs

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {"home": "", "challenge": "scientific-understanding/capabilities/", "question": "questions/17/"}


def timed_build(config: Path, site_dir: Path, runs: int) -> float:
    """Median wall time of `mkdocs build` over runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
                        "--site-dir", str(site_dir)], cwd=ROOT, env=ENV, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_config(scratch: Path) -> Path:
    """A config that builds the generator's output as ordinary files, without the generator:
    the docs folder and config of `python -m agenda_site generate` (core.py)."""
    engine_config = read_engine_config(ROOT / "mkdocs.yml")
    settings = settings_from(engine_config)
    generated = generate(ROOT / "content", ROOT / "templates", settings)
    docs = scratch / "docs"
    write_docs(generated, settings, docs, ROOT / "docs")
    # Relative paths in a config resolve against its folder: keep it beside mkdocs.yml.
    path = ROOT / f".bench-plain-{os.getpid()}.yml"
    config = plugin_less_config(engine_config, ROOT / "mkdocs.yml", path, str(docs), "site", generated)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def page_sizes(site: Path) -> tuple[list[int], list[int]]:
    pages = [p for p in site.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    questions = [p.stat().st_size for p in (site / "questions").glob("*/index.html")]
    return [p.stat().st_size for p in pages], questions


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as static hosts do."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSIBLE \
                or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def lighthouse(site: Path) -> dict[str, dict[str, int]]:
    """Lighthouse's four scores (mobile preset) for three pages served on 127.0.0.1."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
            "--disable-component-update --disable-sync --no-first-run"
    scores = {}
    try:
        for name, path in LIGHTHOUSE_PAGES.items():
            result = subprocess.run(
                [str(LIGHTHOUSE), base + path, "--quiet", "--output=json", "--chrome-flags=" + flags,
                 "--only-categories=performance,accessibility,best-practices,seo"],
                capture_output=True, text=True, env=dict(ENV, CHROME_PATH=shutil.which("chromium") or ""))
            report = json.loads(result.stdout)
            scores[name] = {key: round(cat["score"] * 100) for key, cat in report["categories"].items()}
    finally:
        server.shutdown()
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        full = timed_build(ROOT / "mkdocs.yml", scratch / "full", args.runs)
        config = plain_config(scratch)
        try:
            plain = timed_build(config, scratch / "plain", args.runs)
        finally:
            config.unlink()
        sizes, questions = page_sizes(scratch / "full")
        rows += [
            ("Build time (`mkdocs build`, median of %d)" % args.runs, f"{full:.2f} s"),
            ("Plain MkDocs build of the same Markdown", f"{plain:.2f} s"),
            ("Generator overhead (target ≤ 1.2x)", f"{full / plain:.2f}x"),
            ("Pages (HTML, short links excluded)", str(len(sizes))),
            ("Median page size", f"{statistics.median(sizes) / 1024:.1f} KB"),
            ("Largest page size", f"{max(sizes) / 1024:.1f} KB"),
            ("Question page size, median / largest (target < 30 KB)",
             f"{statistics.median(questions) / 1024:.1f} KB / {max(questions) / 1024:.1f} KB"),
        ]
        bundle = scratch / "agenda-offline.zip"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "offline_bundle.py"), "--output", str(bundle)],
                       cwd=ROOT, env=ENV, check=True, capture_output=True)
        rows.append(("Offline bundle, zipped", f"{bundle.stat().st_size / 1e6:.2f} MB"))
        if not args.no_lighthouse:
            for name, scores in lighthouse(scratch / "full").items():
                rows.append((f"Lighthouse mobile, {name} (perf / a11y / best practices / SEO)",
                             " / ".join(str(scores[k]) for k in ("performance", "accessibility",
                                                                  "best-practices", "seo"))))
    print("| Measure | Value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
