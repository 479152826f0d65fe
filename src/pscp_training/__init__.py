"""PSCP Training: safeguarding training administration for a Safeguarding Children Partnership."""


def __getattr__(name: str) -> str:
    # Read on first use: importlib.metadata costs a tenth of the bare window's start-up, and
    # every module of the package (the first paint's too) imports this one.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("pscp-training")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
