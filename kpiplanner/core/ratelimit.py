"""Rate limits: at most `limit` hits per `window` seconds for one key (a person, an address, an
API token), counted in Django's cache.

    FEEDBACK = RateLimit("feedback", limit=120, window=60)
    if not FEEDBACK.allow(request.user.pk):      # counts this hit, False once over the limit
        return too_many_requests(request, FEEDBACK)

`exceeded(key)` and `hit(key)` apart count only some requests (the join page counts wrong codes
only). Counts live in the cache named by RATE_LIMIT_CACHE: in production a table every worker
shares (the database cache), in development and tests the process's own memory. A fixed window
(the count starts again every `window` seconds) lets a burst of at most twice the limit through
at a window's edge; enough to stop guessing and flooding, cheap (one or two cache calls), and
never a lock. Keys are hashed, so anything typed may be a key.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.cache import patch_cache_control

clock = time.time  # tests set the time here


def _cache():
    return caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    window: int  # seconds

    def _key(self, key) -> str:
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{digest}:{int(clock() // self.window)}"

    def count(self, key) -> int:
        """Hits of `key` in the current window."""
        return _cache().get(self._key(key), 0)

    def exceeded(self, key) -> bool:
        """Whether `key` has used up this window (without counting a hit)."""
        return self.count(key) >= self.limit

    def hit(self, key) -> int:
        """Count one hit of `key`; the window's count so far."""
        cache, name = _cache(), self._key(key)
        cache.add(name, 0, timeout=self.window + 1)
        try:
            return cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=self.window + 1)
            return 1

    def allow(self, key) -> bool:
        """Count a hit of `key`; False when it is over the limit."""
        return self.hit(key) <= self.limit

    def reset(self, key) -> None:
        _cache().delete(self._key(key))

    @property
    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return max(1, int(self.window - clock() % self.window))


def too_many_requests(request, limit: RateLimit, template="429.html"):
    """The 429 answer in the user's language, with Retry-After."""
    response = render(request, template, {"retry_after": limit.retry_after}, status=429)
    response["Retry-After"] = str(limit.retry_after)
    patch_cache_control(response, no_store=True)
    return response
