"""Counting words the way people write them: `1 certificate`, `3 certificates`, `1 person`."""


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` with the noun for that many: `1 line`, `0 lines`, `2,400 people` (`many` for
    nouns that do not just take an s)."""
    noun = one if count == 1 else (many if many is not None else f"{one}s")
    return f"{count:,} {noun}"
