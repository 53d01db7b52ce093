"""``python -m core.batch``: the batch encoder's command line (:mod:`core.batch.cli`)."""

from core.batch.cli import main

raise SystemExit(main())
