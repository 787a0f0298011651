"""Exit 0 when the PostgreSQL server named by the URL in argv[1] accepts a connection."""

import sys

import psycopg


def main() -> int:
    try:
        with psycopg.connect(sys.argv[1], connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.Error as exc:
        print(f"PostgreSQL not reachable: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
