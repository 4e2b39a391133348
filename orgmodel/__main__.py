"""``python -m orgmodel``: see `orgmodel.cli`."""

import sys

from orgmodel.cli import main

sys.exit(main())
