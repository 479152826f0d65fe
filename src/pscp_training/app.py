"""The desktop app's composition root (settings, database, services, window)."""

import sys


def run_app(db_url: str | None, parser) -> int:
    """The desktop window arrives with the desktop issue; until then, say so and show the help."""
    print(
        "The PSCP Training desktop window is not built yet. "
        "Everything below works from the command line today.\n",
        file=sys.stderr,
    )
    parser.print_help()
    return 0
