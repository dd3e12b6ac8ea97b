"""What a build is given from outside the records: where the site is published and the
repository it is built from (the deployment sets AGENDA_SITE_URL and AGENDA_REPO_URL; a fork, by
hand), its name, the URL style of the engine's build, and the offline edition it offers. Every
value is judged here, where it enters, before anything is rendered.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .checks import printable
from .schema import address_problem

# A build with no published address (a local one) cites this: where `make serve` shows the site.
LOCAL_SITE_URL = "http://127.0.0.1:8000/foundational-challenges/"


class GenerateError(Exception):
    """The records or the templates cannot make a site; the message says where and why."""


class SettingsError(GenerateError):
    """An address given to the build (from the deployment, or by hand) is not one the pages can use."""


# The two addresses the build is given: where the site is published, and the repository it is
# built from. They go into every page (canonical
# links, citations, edit and issue links, the header's repository link), so they are judged
# here, once, before anything is rendered: an http(s) address of a host, with a path of plain
# characters only, no query or fragment. A quote or a ")" in one would otherwise end an
# attribute or a Markdown link on every page.
ADDRESS_PATH = re.compile(r"^(?:/[A-Za-z0-9._~-]+)*/?$")
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def checked_address(value: str | None, what: str, variable: str, optional: bool = False) -> str:
    """value, if it is an address the pages can use (what names it, variable where it comes
    from, for the message); "" for no address, where optional allows none."""
    if value is None or value == "":
        if optional:
            return ""
        raise SettingsError(f"{what} is empty ({variable} is set to nothing): give the address, like"
                            " https://example.github.io/agenda/, or leave the variable unset")
    problem = address_problem(value, local_hosts=True)
    parts = urlsplit(value) if problem is None else None
    if parts is not None and (parts.query or parts.fragment or value.endswith(("?", "#"))):
        problem = "it has a query or a fragment ('?', '#'), which an address of a whole site has not"
    elif parts is not None and not ADDRESS_PATH.match(parts.path):
        problem = ("its path may hold only letters, digits and - . _ ~ between slashes"
                   f" (found {parts.path!r})")
    if problem:
        raise SettingsError(f"{what}, {printable(value)!r} (from {variable}), is not an address the pages can use:"
                            f" {problem}")
    return value


@dataclass(frozen=True)
class Settings:
    """What the pages depend on besides the records, checked where it enters: an address that
    fails raises SettingsError."""

    site_url: str = "http://127.0.0.1:8000/"
    use_directory_urls: bool = True
    repo_url: str = ""
    offline_bundle: bool = False  # whether the site offers the offline edition for download
    offline_bundle_size: int | None = None  # its size in bytes, for the Data and downloads page
    # Whether the site carries the editions' fixed copies (editions.py); the offline edition does
    # not, and links to them at their published addresses.
    carries_editions: bool = True
    site_name: str = "The agenda site"

    def __post_init__(self):
        site_url = checked_address(self.site_url, "The site's address (site_url)", "AGENDA_SITE_URL")
        # As MkDocs does: the site's address ends with "/", so that page paths can follow it.
        object.__setattr__(self, "site_url", site_url if site_url.endswith("/") else site_url + "/")
        repo_url = checked_address(self.repo_url, "The repository's address (repo_url)", "AGENDA_REPO_URL",
                                   optional=True)
        object.__setattr__(self, "repo_url", repo_url.rstrip("/"))
        if len(self.site_name) > 200 or not self.site_name.isprintable():
            raise SettingsError(f"The site's name (site_name) is no one-line name: {printable(self.site_name)!r}")

    @property
    def root_path(self) -> str:
        """The site's path on its host ("/foundational-challenges/"), for links written from the root."""
        return urlsplit(self.site_url).path or "/"


def settings_from_environment(site_name: str, use_directory_urls: bool = True, offline_bundle_size: int | None = None,
                              environ=os.environ, local_site_url: str = LOCAL_SITE_URL,
                              carries_editions: bool = True) -> Settings:
    """The settings of a build: the addresses from the environment (a local build, with none
    set, cites local_site_url, where `make serve` shows the site, and links no repository)."""
    site_url = environ.get("AGENDA_SITE_URL")
    return Settings(site_url=local_site_url if site_url is None else site_url,
                    use_directory_urls=use_directory_urls, repo_url=environ.get("AGENDA_REPO_URL") or "",
                    offline_bundle=offline_bundle_size is not None, offline_bundle_size=offline_bundle_size,
                    site_name=site_name, carries_editions=carries_editions)
