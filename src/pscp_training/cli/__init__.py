"""The `pscp-training` command: argument parsing, exit codes and error messages (see spec/cli.md).

Each command group lives in its own module with a `register(subparsers)`
function; handlers take the parsed arguments and an `open_db` callable and
return an exit status. Qt is imported only when the desktop app is started.

Started without a command, the desktop app is opened before the commands (and the
SQLAlchemy, pandas and ReportLab they import) are loaded: its window paints first.
"""

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable

from pscp_training.config import keep_files_private
from pscp_training.domain.errors import PscpError

COMMAND_MODULES = (
    "db_commands",
    "session_commands",
    "register_commands",
    "report_commands",
    "certificate_commands",
    "programme_commands",
    "evaluation_commands",
    "follow_up_commands",
    "privacy_commands",
    "refresher_commands",
    "demo_commands",
)


def build_parser() -> argparse.ArgumentParser:
    from pscp_training import __version__

    parser = argparse.ArgumentParser(
        prog="pscp-training",
        description="PSCP Training: safeguarding training bookings, registers and reports. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"pscp-training {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database to use (SQLAlchemy URL); default: PSCP_TRAINING_DB, the saved setting, "
        "or the embedded file in your data folder",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"pscp_training.cli.{name}").register(commands)
    return parser


def _opener(url: str | None) -> Callable:
    opened = []

    def open_db():
        if not opened:
            from pscp_training.bootstrap import open_database

            opened.append(open_database(url))
        return opened[0]

    open_db.opened = opened  # type: ignore[attr-defined]
    return open_db


def desktop_arguments(argv: list[str]) -> tuple[str | None, bool] | None:
    """(--db URL, --debug) when `argv` only opens the desktop app, written out in full; else None.

    Anything else (a command, --help, an abbreviated option, a mistake) goes through the
    whole parser, which gives the same answer as before, only later.
    """
    db, debug, rest = None, False, list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--debug":
            debug = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif word.startswith("--db="):
            db = word.removeprefix("--db=")
        else:
            return None
    return db, debug


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    desktop = desktop_arguments(argv)
    if desktop is not None:
        args = argparse.Namespace(db=desktop[0], debug=desktop[1], command=None)
    else:
        args = build_parser().parse_args(argv)
    if args.command is not None:
        keep_files_private()  # the desktop app does it once its window is painted
    open_db = _opener(args.db)
    try:
        if args.command is None:
            from pscp_training.app import run_app

            return run_app(args.db)
        return int(args.handler(args, open_db) or 0)
    except PscpError as error:
        if args.debug:
            traceback.print_exc()
        print(f"pscp-training: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("pscp-training: stopped; nothing more was written.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `pscp-training sessions | head`: the reader has all it wanted. Say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # the last resort: a sentence, not a traceback
        if args.debug:
            traceback.print_exc()
        # The error's own text can quote a statement and the row it held: name its kind only.
        print(
            f"pscp-training: something went wrong ({type(error).__name__}); nothing more was "
            "written. Run again with --debug for the details.",
            file=sys.stderr,
        )
        return 1
    finally:
        for db in open_db.opened:  # type: ignore[attr-defined]
            db.dispose()
