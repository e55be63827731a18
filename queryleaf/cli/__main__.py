"""`python -m queryleaf.cli` runs the command line, as the `queryleaf` script does."""

import sys

from .main import main

sys.exit(main())
