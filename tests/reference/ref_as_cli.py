#!/usr/bin/env python3
"""The oracle behind coroscope-cli's command line, to test the harness alone:
    ref_as_cli.py run SCENARIO --trace OUT
e.g. differential.py --cli tests/reference/ref_as_cli.py  (must report 0 failed)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coroscope_ref  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "run":
        sys.exit("usage: ref_as_cli.py run SCENARIO [--trace OUT]")
    sys.exit(coroscope_ref.main(sys.argv[2:]))
