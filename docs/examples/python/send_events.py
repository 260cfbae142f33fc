#!/usr/bin/env python3
"""Sends events to the CCHC report's POST /v1/events, signed as docs/integration.md says.

Python 3 standard library only: copy this file, or its sign/send functions, into your system.

    CCHC_API_URL=https://api.example.vn CCHC_EVENTS_SECRET=... python3 send_events.py events.jsonl

The input has one event (a JSON object) per line; they go out in batches of up to 500.
Exit status: 0 every event accepted, 1 refused (400/401/413: fix the data or the secret,
retrying will not help), 2 wrong usage, 3 gave up after the retries (network, 429, 5xx).
"""
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request

BATCH = 500
ATTEMPTS = 5


class Refused(Exception):
    """A request the API refused: sending it again unchanged would be refused again."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """X-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body), over the exact bytes sent."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def send(base_url: str, secret: str, events: list) -> int:
    """Posts one batch (1-500 events) and answers how many were accepted.

    Retries network errors, 429 and 5xx with a growing pause, signing each attempt anew (the
    timestamp must be within 300 s): the event ids make a repeated event harmless. A body over
    1 MB (413) is sent in halves.
    """
    body = json.dumps({"events": events}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for attempt in range(1, ATTEMPTS + 1):
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            base_url.rstrip("/") + "/v1/events",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-Timestamp": timestamp, "X-Signature": sign(secret, timestamp, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)["accepted"]
        except urllib.error.HTTPError as error:
            status, answer = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:  # refused connection, timeout, reset
            status, answer = 0, str(error)
        if status == 413 and len(events) > 1:
            half = len(events) // 2
            return send(base_url, secret, events[:half]) + send(base_url, secret, events[half:])
        if not (status == 0 or status == 429 or status >= 500):
            raise Refused(f"HTTP {status}: {answer}")
        if attempt < ATTEMPTS:
            time.sleep(2 ** (attempt - 1))  # 1, 2, 4, 8 s
    raise OSError(f"gave up after {ATTEMPTS} attempts; last answer {status}: {answer}")


def main() -> int:
    secret = os.environ.get("CCHC_EVENTS_SECRET", "")
    if len(sys.argv) != 2 or not secret:
        print("usage: CCHC_API_URL=<base URL> CCHC_EVENTS_SECRET=<secret> python3 send_events.py <events.jsonl>", file=sys.stderr)
        return 2
    base_url = os.environ.get("CCHC_API_URL", "http://127.0.0.1:3000")
    with open(sys.argv[1], encoding="utf-8") as lines:
        events = [json.loads(line) for line in lines if line.strip()]
    accepted = 0
    try:
        for start in range(0, len(events), BATCH):
            accepted += send(base_url, secret, events[start : start + BATCH])
    except Refused as error:
        print(f"refused after {accepted} accepted events: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(error, file=sys.stderr)
        return 3
    print(f"202 accepted {accepted} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
