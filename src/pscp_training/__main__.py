"""`python -m pscp_training`: the same as the `pscp-training` command."""

from pscp_training.cli import main

raise SystemExit(main())
