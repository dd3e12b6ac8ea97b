"""What the built pages may run and load: their Content-Security-Policy, and an audit of every
page after the build.

Record text is validated before it reaches a template (schema.TEXT_RULES), so neither of these
should ever find anything. They are defence in depth: if a rule has a gap, a template slips or
the theme changes, the audit fails the build and the policy tells the browser not to run it.
Nothing here writes HTML; it reads the pages the engine wrote.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html

from .theme import THEME_SCRIPTS, worker_frame_script

# The inline scripts the pages may run, each known by its fingerprint: its text once its URL-like
# string literals ("../..", "../../questions/3/") are replaced by "URL". The theme's are listed
# by the theme adapter (theme.THEME_SCRIPTS); these two are the site's own. A script that changes
# fails the audit until a reviewer adds its new fingerprint.
SITE_SCRIPTS = {
    "a90796d2071ef059": "theme/overrides/redirect.html: send a short link on to its page",
    "a4527061428eac8a": "theme/overrides/partials/before-first-paint.html: lay out for scripts, "
                        "take the system's colour scheme on a first visit, tell the browser",
}
TRUSTED_INLINE_SCRIPTS = {**SITE_SCRIPTS, **{fingerprint: f"the theme's: {what}"
                                             for fingerprint, (_, _, what) in THEME_SCRIPTS.items()}}
URL_LITERAL = re.compile(r'"(?!//)[A-Za-z0-9._#/-]*"')
# Where the policy goes: theme/overrides/main.html and redirect.html carry this
# placeholder in a <meta http-equiv="Content-Security-Policy">; the build fills it per page.
POLICY_PLACEHOLDER = "__AGENDA_CONTENT_SECURITY_POLICY__"
# Styles stay open ('unsafe-inline'): the theme sets style attributes, and styles run no code.
# Images may be data: URLs, which the theme's icons are; scripts may not.
# A page with the online search (its dialog, data-agenda-search) may also compile WebAssembly,
# which Pagefind's search runs as: 'wasm-unsafe-eval' allows that and nothing else (no eval(),
# no new Function, no inline script).
WASM = " 'wasm-unsafe-eval'"
POLICY = ("default-src 'self'; script-src 'self' {hashes}{wasm}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "cite",
                  "background", "ping", "xlink:href", "manifest", "lowsrc", "longdesc"}
EMBEDDING_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
FORBIDDEN_SCHEMES = ("javascript", "vbscript", "data")
# The only inline styles the site's pages carry: the column alignment Markdown tables write. Any
# other style attribute came from somewhere it should not (an overlay over the whole page is one
# attribute away), so the audit refuses it.
WRITTEN_STYLES = re.compile(r"^text-align: (?:left|right|center);$")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def script_fingerprint(body: str) -> str:
    """The short digest that TRUSTED_INLINE_SCRIPTS knows a script by."""
    return hashlib.sha256(URL_LITERAL.sub('"URL"', body).encode("utf-8")).hexdigest()[:16]


def _inline_scripts(tree) -> list:
    """Every inline script a browser would run (JSON data blocks do not run)."""
    return [script for script in tree.iter("script")
            if not script.get("src") and script.get("type", "text/javascript") in ("text/javascript", "module", "")]


def _hash_source(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(page_html: str, worker_shim: str | None = None) -> str:
    """The policy for one page: its own files, plus by hash the trusted inline scripts it carries
    and, given the worker shim's source, the script the shim will write for the search worker."""
    tree = lxml_html.document_fromstring(page_html)
    allowed = [body for body in (script.text or "" for script in _inline_scripts(tree))
               if script_fingerprint(body) in TRUSTED_INLINE_SCRIPTS]
    theme_config = next((s.text for s in tree.iter("script") if s.get("id") == "__config"), None)
    if worker_shim and theme_config:
        frame_script = worker_frame_script(worker_shim, json.loads(theme_config).get("search", ""))
        allowed += [frame_script] if frame_script else []
    wasm = WASM if tree.xpath("//dialog[@data-agenda-search]") else ""
    return POLICY.format(wasm=wasm, hashes=" ".join(sorted({_hash_source(body) for body in allowed}))).replace("  ", " ")


def with_policy(page_html: str, worker_shim: str | None = None) -> str:
    """The page with its policy written where the template left the placeholder."""
    if POLICY_PLACEHOLDER not in page_html:
        return page_html
    return page_html.replace(POLICY_PLACEHOLDER, content_security_policy(page_html, worker_shim), 1)


@dataclass(frozen=True)
class Finding:
    page: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


def _scheme(url: str) -> str | None:
    # As a browser reads it: white space and control characters inside a URL are ignored.
    squeezed = re.sub(r"[\s\x00-\x1f\x7f]+", "", unquote(url)).lower()
    found = SCHEME.match(squeezed)
    return found.group(1) if found else None


def audit_page(page_html: str, page: str, site_dir: Path | None = None, root_path: str = "/") -> list[str]:
    """Everything on one page that record text must never have become. page is its path in
    the site; root_path, the site's path on its host (for links written from the root)."""
    tree = lxml_html.document_fromstring(page_html)
    inline_scripts = _inline_scripts(tree)
    problems = []
    ids: dict[str, int] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = element.tag.lower()
        if tag in EMBEDDING_ELEMENTS:
            problems.append(f"an <{tag}> element")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"an event-handler attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES or (tag == "meta" and name == "content" and "url=" in value.lower()):
                for url in (value.split(",") if name == "srcset" else [value.split("url=", 1)[-1]]):
                    scheme = _scheme(url.strip())
                    if scheme in FORBIDDEN_SCHEMES:
                        problems.append(f"a {scheme}: URL in {name}= on <{tag}>")
            if name == "id":
                ids[value] = ids.get(value, 0) + 1
            if name == "style" and not WRITTEN_STYLES.match(value):
                problems.append(f"a style attribute the site's templates do not write (style={value[:60]!r} on <{tag}>)")
        if tag == "img" and (_scheme(element.get("src", "")) or element.get("src", "").startswith("//")):
            problems.append(f"an image from another host ({element.get('src')})")
        if tag == "script" and element.get("src"):
            src = element.get("src")
            target = urlsplit(src)
            if target.scheme or target.netloc:
                problems.append(f"a script from another host ({src})")
            elif site_dir is not None:
                path = unquote(urljoin("/" + page, target.path))
                local = path[len(root_path):] if path.startswith(root_path) and src.startswith("/") else path[1:]
                if not (site_dir / local).is_file():
                    problems.append(f"a script that is not one of the site's files ({src})")
        if element in inline_scripts:
            fingerprint = script_fingerprint(element.text or "")
            if fingerprint not in TRUSTED_INLINE_SCRIPTS:
                problems.append(f"an inline script that is not the theme's or the site's "
                                f"(fingerprint {fingerprint}: {(element.text or '')[:60]!r})")
    problems += [f"the id {value!r} is used {count} times" for value, count in ids.items() if count > 1]
    return problems


def lacks_policy(page_html: str) -> bool:
    """Whether a page (one with a head: not a bare redirect) has no Content-Security-Policy of
    its own, or still the placeholder with_policy fills in."""
    return "<head" in page_html and ('http-equiv="Content-Security-Policy"' not in page_html
                                     or POLICY_PLACEHOLDER in page_html)


def audit_site(site_dir: Path | str, root_path: str = "/") -> list[Finding]:
    """Audit every HTML page of a built site; an empty list means every page passed."""
    site_dir = Path(site_dir)
    findings = []
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        for problem in audit_page(text, page, site_dir, root_path):
            findings.append(Finding(page, problem))
        if lacks_policy(text):
            findings.append(Finding(page, "no Content-Security-Policy"))
    return findings
