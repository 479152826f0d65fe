"""Entry point of the frozen application: the same as the `pscp-training` command."""

import multiprocessing
import sys

from pscp_training.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
