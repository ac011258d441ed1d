"""What one poll changes in the database, decided without touching it. Pure.

Storage finds what it already holds and applies what is decided here; this module holds
the decisions:

- ``entry_keys``: an entry's identities. Its GUID (scoped to its feed unless the GUID is
  itself a URL), its normalized link (lower-case host, no ``www.``, fragment, tracking
  parameters or trailing slash, ``http`` and ``https`` alike) and a hash of its words; an
  entry with neither GUID nor link is known by a hash of its text within its feed.
- ``decide_entries``: for each parsed entry, given the stored articles its keys found, is it
  new, an update of a stored article (same GUID or link, other text), already stored
  unchanged, or a repeat of an entry earlier in the same answer?
- ``decide_redirect``: does a permanent redirect replace the URL a feed is fetched from?
  Only once the same target has been seen on ``redirect_after`` successful polls in a row.

Nothing here does I/O or reads the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.models import Article, EntryIntent, EntryKeys, EntryOutcome, FeedState, StoredEntry

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|"
    r"ocid|cmpid|at_medium|at_campaign|at_custom\d|ns_mchannel|ns_source|ns_campaign|"
    r"ns_linkname|ns_fee|xtor|smid|sr_share|ito|rss|ref|ref_src|taid)$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
MIN_HASHED_CHARS = 80
"""Texts shorter than this are not hashed: equal hashes of a few words prove nothing."""


def normalize_url(url: str) -> str:
    """A link's identity: lower-case scheme and host, no default port, fragment,
    tracking parameters (``utm_*``, ``fbclid``, ...) or trailing slash; other query
    parameters sorted."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if host.startswith("www."):
        host = host[4:]
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    # http and https copies of one link are one article.
    if scheme in ("http", "https"):
        scheme = "https"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def content_hash(article: Article) -> str | None:
    """A hash of the article's words, or None when there is too little text to be sure
    that equal hashes mean the same article."""
    words = _WORDS.findall(f"{article.title}\n{article.text}".lower())
    text = " ".join(words)
    if not article.text or len(text) < MIN_HASHED_CHARS:
        return None
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def guid_key(feed_id: int, guid: str | None) -> str | None:
    """A GUID that is a URL is global; any other is only unique within its feed."""
    if not guid:
        return None
    if guid.startswith(("http://", "https://")):
        return normalize_url(guid)
    return f"{feed_id}:{guid}"


def text_key(feed_id: int, article: Article) -> str:
    """The identity of an entry with neither GUID nor link: a hash of all its words,
    however few, within its feed (``text:<feed>:<hash>``; a GUID's key never starts so)."""
    words = " ".join(_WORDS.findall(f"{article.title}\n{article.text}".lower()))
    return f"text:{feed_id}:{hashlib.blake2b(words.encode(), digest_size=12).hexdigest()}"


def entry_keys(feed_id: int, article: Article) -> EntryKeys:
    """An entry's identities. One with neither GUID nor link is known by its text: its
    text key stands for its GUID, so the same entry polled again is seen, not new."""
    guid, url = guid_key(feed_id, article.guid), normalize_url(article.url)
    if not guid and not url:
        guid = text_key(feed_id, article)
    return EntryKeys(guid, url, content_hash(article))


class Found:
    """The stored articles an answer's keys found, by kind of key (storage fills it)."""

    def __init__(
        self,
        by_guid: Mapping[str, StoredEntry],
        by_url: Mapping[str, StoredEntry],
        by_content: Mapping[str, StoredEntry],
    ) -> None:
        self.by_guid = by_guid
        self.by_url = by_url
        self.by_content = by_content


def decide_entries(feed: FeedState, articles: Sequence[Article], found: Found) -> list[EntryIntent]:
    """What storing each of a feed's parsed entries is to do, in order.

    The keys are tried in order: GUID, link, text. An article found by its GUID or link
    whose text differs is updated; one found by its text alone is the same article seen
    again (a copy under another link). An entry whose key an earlier entry of the same
    answer already used is a duplicate, stored once.
    """
    backlog = feed.polls == 0
    intents: list[EntryIntent] = []
    used: set[tuple[str, str]] = set()
    for article in articles:
        keys = entry_keys(feed.id, article)
        mine = {("guid", keys.guid or ""), ("url", keys.url), ("content", keys.content or "")}
        mine = {k for k in mine if k[1]}
        if mine & used:
            intents.append(EntryIntent(article, keys, "duplicate", backlog=backlog))
            continue
        used |= mine
        stored = (found.by_guid.get(keys.guid) if keys.guid else None) or (
            found.by_url.get(keys.url) if keys.url else None
        )
        outcome: EntryOutcome
        if stored is not None:
            same = (stored.title, stored.summary, stored.content) == (
                article.title,
                article.summary,
                article.content,
            )
            outcome = "seen" if same else "updated"
        elif keys.content and (stored := found.by_content.get(keys.content)) is not None:
            outcome = "seen"
        else:
            intents.append(EntryIntent(article, keys, "new", backlog=backlog))
            continue
        intents.append(EntryIntent(article, keys, outcome, stored.id, backlog))
    return intents


def decide_redirect(
    feed: FeedState, target: str | None, *, failed: bool, redirect_after: int
) -> tuple[str | None, str | None, int]:
    """``(fetch_url, redirect_target, redirect_count)`` after a poll that saw a permanent
    redirect to ``target`` (None: no redirect). ``fetch_url`` is the new URL to fetch
    when the redirect is confirmed, else None (unchanged)."""
    if not target or failed:
        return None, None, 0
    count = feed.redirect_count + 1 if target == feed.redirect_target else 1
    if count >= redirect_after:
        return target, None, 0
    return None, target, count
