"""Helpers shared by the installation checks (test_package.py,
test_pip_install.py, and check_deb.sh inside its chroot, which runs
`python3 package_support.py TRACE.jsonl`). Standard library only."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The program to trace, and how many tasks its trace must show.
PROGRAM = os.path.join(HERE, "traced_program.py")
PROGRAM_TASKS = 4


def run(cmd, **kw):
    """subprocess.run that raises with the command's output when it fails."""
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 300)
    r = subprocess.run(cmd, **kw)
    if r.returncode != 0:
        raise AssertionError("%s: exit %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    return r


def env_without_pythonpath():
    """The environment, so that only the installed tracer can be imported."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


def check_trace(path, tasks=PROGRAM_TASKS):
    """The tracer's JSON lines for traced_program.py: every task, a clean end."""
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    created = {line["task"] for line in lines if line.get("ev") == "created"}
    if len(created) != tasks:
        raise AssertionError("%s: %d traced tasks, expected %d" % (path, len(created), tasks))
    if lines[-1].get("ev") != "end" or lines[-1].get("outcome") != "ok":
        raise AssertionError("%s: last line %r, expected a clean end" % (path, lines[-1]))


if __name__ == "__main__":
    check_trace(sys.argv[1])
