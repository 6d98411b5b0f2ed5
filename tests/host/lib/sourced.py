# SPDX-License-Identifier: GPL-2.0-only
"""Run a bash snippet after sourcing one of the lab's shell files.

The host tests of the lab's shell helpers (bench_helpers.py on
scenarios/bench.sh, guest_params.py on guest/lib.sh) run their cases
this way: bash -c 'set -u; . FILE; SCRIPT', stdout and stderr captured,
30 s at most.
"""

import os
import subprocess


def sourced_bash(path, script, env=None):
    """Run SCRIPT in bash with set -u after sourcing PATH; ENV adds to
    the environment.  Return the CompletedProcess."""
    return subprocess.run(["bash", "-c", f'set -u; . "{path}"; {script}'],
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, **(env or {})})
