"""The tracer installs into a virtual environment with pip, offline.

    python3 tests/package/test_pip_install.py [--python /usr/bin/python3]

The recipe README.md gives for a machine without PyPI (Debian 12:
python3-venv, python3-setuptools, python3-wheel): a venv that sees the
system's setuptools and wheel, then `pip install --no-build-isolation
--no-index resources/python`. Runs it on a copy of resources/python (the
in-tree build writes build/ and *.egg-info next to pyproject.toml), with an
extra subpackage and data file dropped into the copy to show that
pyproject.toml picks up whatever the package folder holds. Then runs the
tracer from the venv, both as `python -m coroscope_trace` and as the
`coroscope-trace` script, from another folder.
"""

import argparse
import os
import shutil
import sys
import tempfile
import unittest

from package_support import PROGRAM, ROOT, check_trace, env_without_pythonpath, run

PYTHON = sys.executable


class PipInstall(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="coroscope-pip-")
        src = os.path.join(cls.tmp, "src")
        shutil.copytree(os.path.join(ROOT, "resources", "python"), src,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info"))
        # Stand-ins for what the package may grow: a subpackage without an
        # __init__.py, one with, and a data file; none is named in pyproject.
        pkg = os.path.join(src, "coroscope_trace")
        os.makedirs(os.path.join(pkg, "probe_starters"))
        with open(os.path.join(pkg, "probe_starters", "starter.py"), "w", encoding="utf-8") as f:
            f.write("VALUE = 1\n")
        os.makedirs(os.path.join(pkg, "probe_sub"))
        with open(os.path.join(pkg, "probe_sub", "__init__.py"), "w", encoding="utf-8") as f:
            f.write("VALUE = 2\n")
        with open(os.path.join(pkg, "probe_sub", "table.json"), "w", encoding="utf-8") as f:
            f.write('{"value": 3}\n')
        cls.venv = os.path.join(cls.tmp, "venv")
        run([PYTHON, "-m", "venv", "--system-site-packages", cls.venv])
        cls.vpython = os.path.join(cls.venv, "bin", "python")
        missing = run([cls.vpython, "-c", "import importlib.util as u; "
                       "print(' '.join(m for m in ('setuptools', 'wheel') if not u.find_spec(m)))"]).stdout.strip()
        if missing:
            raise AssertionError("%s has no %s: install python3-setuptools and python3-wheel "
                                 "(.ci/packages.txt)" % (PYTHON, missing))
        run([cls.vpython, "-m", "pip", "install", "--no-build-isolation", "--no-index", src], cwd=cls.tmp)
        cls.work = os.path.join(cls.tmp, "work")
        os.makedirs(cls.work)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def env(self):
        return env_without_pythonpath()  # the venv's copy, not the source tree's

    def test_python_m_coroscope_trace_runs_from_the_venv(self):
        out = os.path.join(self.work, "m.jsonl")
        run([self.vpython, "-m", "coroscope_trace", "-q", "-o", out, PROGRAM], cwd=self.work, env=self.env())
        check_trace(out)
        where = run([self.vpython, "-c", "import coroscope_trace; print(coroscope_trace.__file__)"],
                    cwd=self.work, env=self.env()).stdout.strip()
        self.assertTrue(where.startswith(self.venv), where)

    def test_the_coroscope_trace_script_is_installed(self):
        out = os.path.join(self.work, "s.jsonl")
        run([os.path.join(self.venv, "bin", "coroscope-trace"), "-q", "-o", out, PROGRAM],
            cwd=self.work, env=self.env())
        check_trace(out)

    def test_subpackages_and_data_files_come_along_unnamed(self):
        r = run([self.vpython, "-c",
                 "import json, importlib.resources as r\n"
                 "from coroscope_trace.probe_starters import starter\n"
                 "from coroscope_trace import probe_sub\n"
                 "data = json.loads(r.files('coroscope_trace.probe_sub').joinpath('table.json').read_text())\n"
                 "print(starter.VALUE, probe_sub.VALUE, data['value'])"], cwd=self.work, env=self.env())
        self.assertEqual(r.stdout.split(), ["1", "2", "3"])


def main():
    global PYTHON
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default=sys.executable)
    opts, rest = ap.parse_known_args()
    PYTHON = opts.python
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
