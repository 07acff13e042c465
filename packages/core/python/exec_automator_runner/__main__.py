"""Allow ``python -m exec_automator_runner serve|call <op>`` as well."""

import sys

from exec_automator_runner.cli import main

sys.exit(main(sys.argv[1:]))
