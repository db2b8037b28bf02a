"""Settings of one fetch (the CLI's flags, and a few that only the library sets)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class BadArguments(ValueError):
    """A fetch that cannot start: unknown source, bad date, bad number. One line for stderr."""


def version() -> str:
    try:
        from importlib.metadata import version as installed

        return installed("tintrich")
    except Exception:  # not installed (run from a checkout)
        return "0"


#: the product token robots.txt rules are matched against
AGENT = "tintrich"


@dataclass
class FetchOptions:
    #: seconds between two requests to the same host (robots.txt ``Crawl-delay`` wins when longer)
    delay: float = 1.0
    #: an e-mail address or URL for the User-Agent, so a site's admin can reach you
    contact: str | None = None
    #: article pages requested in this run at most (discovery documents not counted); None = no cap
    max_pages: int | None = None
    #: keep only items published on or after this date
    since: dt.date | None = None
    #: seconds one request may take (connection, silence, and the whole body)
    timeout: float = 30.0
    #: bytes one response may have; larger ones are abandoned while streaming
    max_bytes: int = 20 * 2**20
    max_redirects: int = 5
    #: retries of a request answered 429 or 5xx, or cut by a network error
    retries: int = 3
    #: first backoff in seconds (doubled at each retry) when no Retry-After is given
    backoff: float = 2.0
    #: longest Retry-After (or backoff) waited for; a host asking for more is left for a later run
    max_wait: float = 120.0
    #: sitemaps read per source at most (an index and its children)
    max_sitemaps: int = 50
    progress: bool = True
    #: an HTTP(S) proxy URL; None uses the environment (http_proxy, https_proxy, no_proxy)
    proxy: str | None = None

    def check(self) -> None:
        if self.delay < 0:
            raise BadArguments("--delay must be 0 or more seconds")
        if self.timeout <= 0:
            raise BadArguments("--timeout must be more than 0 seconds")
        if self.max_pages is not None and self.max_pages < 1:
            raise BadArguments("--max-pages must be a positive integer")
        if self.since is not None and not isinstance(self.since, dt.date):
            self.since = parse_since(str(self.since))

    @property
    def user_agent(self) -> str:
        contact = f" (+{self.contact})" if self.contact else ""
        return f"{AGENT}/{version()}{contact}"


def parse_since(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadArguments(f"--since: not a date (YYYY-MM-DD): {value!r}") from None
