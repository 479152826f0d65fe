"""docs/command-line.md names every command the parser has, so a newcomer's list stays whole."""

import argparse
from pathlib import Path

from pscp_training.cli import build_parser

DOC = Path(__file__).resolve().parents[2] / "docs" / "command-line.md"


def _commands(parser, prefix=("pscp-training",)):
    children = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not children:
        yield " ".join(prefix)
        return
    for name, child in children[0].choices.items():
        yield from _commands(child, (*prefix, name))


def test_every_command_has_its_line_in_the_command_line_page():
    lines = DOC.read_text(encoding="utf-8").splitlines()
    commands = list(_commands(build_parser()))
    assert len(commands) > 30
    missing = [c for c in commands
               if not any(line == c or line.startswith(c + " ") for line in lines)]
    assert missing == []
