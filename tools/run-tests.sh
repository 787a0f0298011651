#!/usr/bin/env bash
# Runs pytest on SQLite, then the database tests again on PostgreSQL when one is reachable.
# CI (VERKSAM_REQUIRE_POSTGRES=1) fails when PostgreSQL is unreachable; a user's machine says it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${VERKSAM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}

echo "== pytest on SQLite"
env -u DATABASE_URL -u REDIS_URL "$BIN/pytest" -q -m "not browser" "$@"

# Browser tests get a process of their own: Playwright's sync API refuses to start in a process
# where an earlier test left an asyncio loop behind. Their live pages use the Redis channel layer
# (as production does) when Redis answers; the unit tests use the in-memory one. Their workspaces
# are made by a helper process, as `verksam serve` without Redis (`make run`) makes them.
REDIS_TEST_URL=${VERKSAM_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
if "$BIN/python" -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()" "$REDIS_TEST_URL" 2>/dev/null; then
    echo "== browser tests (headless Chromium) on SQLite, live pages over Redis: $REDIS_TEST_URL"
    env -u DATABASE_URL REDIS_URL="$REDIS_TEST_URL" VERKSAM_HELPER_PROCESS=1 "$BIN/pytest" -q -m browser "$@"
else
    echo "== browser tests (headless Chromium) on SQLite, live pages in memory (no Redis at $REDIS_TEST_URL)"
    env -u DATABASE_URL -u REDIS_URL VERKSAM_HELPER_PROCESS=1 "$BIN/pytest" -q -m browser "$@"
fi

if "$BIN/python" tools/pg_ready.py "$PG_URL"; then
    echo "== pytest (database tests) on PostgreSQL: $PG_URL"
    env -u REDIS_URL DATABASE_URL="$PG_URL" "$BIN/pytest" -q -m "not browser" tests/web "$@"
else
    if [ "${VERKSAM_REQUIRE_POSTGRES:-0}" = "1" ]; then
        echo "PostgreSQL at $PG_URL is unreachable, and this run requires it." >&2
        exit 1
    fi
    echo "== PostgreSQL leg SKIPPED: no PostgreSQL server at $PG_URL (set VERKSAM_TEST_POSTGRES_URL to use another)."
fi
