#!/bin/sh
# Sends events to the CCHC report's POST /v1/events with curl and openssl, signed as
# docs/integration.md says: for a look by hand, a cron job, or to check a secret.
#
#   CCHC_API_URL=https://api.example.vn CCHC_EVENTS_SECRET=... sh send-events.sh events.jsonl
#
# The input has one event (a JSON object) per line; they go out in batches of up to 500.
# Exit status: 0 every event accepted, 1 refused (400/401/413: fix the data or the secret,
# retrying will not help), 2 wrong usage, 3 gave up after the retries (network, 429, 5xx).
# The secret is passed to openssl on its command line: on a shared machine, others may see it.
set -eu

file=${1:-}
if [ -z "$file" ] || [ -z "${CCHC_EVENTS_SECRET:-}" ]; then
  echo "usage: CCHC_API_URL=<base URL> CCHC_EVENTS_SECRET=<secret> sh send-events.sh <events.jsonl>" >&2
  exit 2
fi
url="${CCHC_API_URL:-http://127.0.0.1:3000}"
url="${url%/}/v1/events"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Batches of 500 non-empty lines, each made into the body {"events":[line,line,…]}.
grep -v '^[[:space:]]*$' "$file" | split -l 500 - "$work/batch."
accepted=0
for batch in "$work"/batch.*; do
  { printf '{"events":['; paste -sd, "$batch" | tr -d '\n'; printf ']}'; } > "$work/body"
  attempt=1
  while :; do
    # Signed anew on each attempt: the timestamp must be within 300 s of the server's clock.
    timestamp=$(date +%s)
    signature=$({ printf '%s.' "$timestamp"; cat "$work/body"; } | openssl dgst -sha256 -hmac "$CCHC_EVENTS_SECRET" | sed 's/^.*= //')
    status=$(curl -sS -o "$work/answer" -w '%{http_code}' --max-time 30 -X POST "$url" \
      -H 'Content-Type: application/json' \
      -H "X-Timestamp: $timestamp" \
      -H "X-Signature: sha256=$signature" \
      --data-binary @"$work/body") || status=000
    case $status in
      202)
        accepted=$((accepted + $(grep -o '"accepted":[0-9]*' "$work/answer" | cut -d: -f2)))
        break ;;
      000|429|5??)
        if [ "$attempt" -ge 5 ]; then
          echo "gave up after 5 attempts; last answer $status: $(cat "$work/answer" 2>/dev/null)" >&2
          exit 3
        fi
        sleep $((1 << (attempt - 1)))   # 1, 2, 4, 8 s; the event ids make a repeat harmless
        attempt=$((attempt + 1)) ;;
      *)
        echo "refused after $accepted accepted events: HTTP $status: $(cat "$work/answer")" >&2
        exit 1 ;;
    esac
  done
done
echo "202 accepted $accepted events"
