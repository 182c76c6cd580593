"""HEALTHCHECK hook of the runtime image (it has no shell, so the hook is Python).

With OPSMITH_HEALTHCHECK_URL set (a serving image sets e.g. http://127.0.0.1:8000/healthz) it
requires a 2xx answer within OPSMITH_HEALTHCHECK_TIMEOUT seconds; without it, it only proves
that the interpreter starts, which is all an image that does not serve can promise.
"""

import os
import sys
import urllib.parse
import urllib.request


def main() -> int:
    url = os.environ.get("OPSMITH_HEALTHCHECK_URL", "")
    if not url:
        return 0
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        print(f"healthcheck: {url}: OPSMITH_HEALTHCHECK_URL must be an http:// or https:// URL", file=sys.stderr)
        return 1
    timeout = float(os.environ.get("OPSMITH_HEALTHCHECK_TIMEOUT", "3"))
    try:
        # The scheme is checked above: no file:// or custom schemes.
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return 0 if 200 <= response.status < 300 else 1
    except OSError as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
