"""The installation as desktop software: `cmake --install` and `cpack -G DEB`.

    python3 tests/package/test_package.py --build BUILD_DIR --version X.Y.Z

Builds the .deb from BUILD_DIR (already built) into a temporary folder and
checks it: its control fields (dependencies found by dpkg-shlibdeps, python3,
the recommended CJK font), the desktop entry and the AppStream metainfo
through their validators (desktop-file-validate, appstreamcli validate
--no-net), the hicolor icons (every size, each PNG as large as its folder
says), the tracer package (every file of resources/python/coroscope_trace),
its byte code (none in the .deb; postinst compiles it, prerm removes it),
the version everywhere (CMakeLists.txt, the metainfo's newest release,
pyproject.toml, `coroscope --version` without a display, `coroscope-cli
--version`). Then installs with `cmake --install --prefix` elsewhere and runs
the coroscope-trace wrapper from there. The chroot check of the .deb on a
fresh Debian 12 is tests/package/check_deb.sh.
"""

import argparse
import configparser
import glob
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

from package_support import PROGRAM, ROOT, check_trace, env_without_pythonpath, run

APP_ID = "io.github.coroscope.Coroscope"
ICON_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
BUILD = None
VERSION = None

def no_display_env():
    env = dict(os.environ)
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(var, None)
    return env


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG"
    return struct.unpack(">II", head[16:24])


def package_files(folder):
    """Files of a Python package folder, relative, without byte code."""
    out = set()
    for base, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for f in files:
            if not f.endswith((".pyc", ".pyo")):
                out.add(os.path.relpath(os.path.join(base, f), folder))
    return out


class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="coroscope-package-")
        out = os.path.join(cls.tmp, "out")
        run(["cpack", "-G", "DEB", "-B", out], cwd=BUILD)
        debs = glob.glob(os.path.join(out, "coroscope_*.deb"))
        assert len(debs) == 1, debs
        cls.deb = debs[0]
        cls.root = os.path.join(cls.tmp, "root")
        run(["dpkg-deb", "-x", cls.deb, cls.root])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_the_package_is_named_after_its_version_and_architecture(self):
        arch = run(["dpkg", "--print-architecture"]).stdout.strip()
        self.assertEqual(os.path.basename(self.deb), "coroscope_%s_%s.deb" % (VERSION, arch))
        self.assertEqual(self.field("Version"), VERSION)

    def test_dependencies_name_qt_qcoro_and_python_and_recommend_a_cjk_font(self):
        depends = [d.strip().split(" ")[0] for d in self.field("Depends").split(",")]
        for pkg in ("libqt6core6", "libqt6gui6", "libqt6widgets6", "libqt6charts6", "libqt6svg6",
                    "libqcoro6core0", "libstdc++6", "libc6", "python3"):
            self.assertIn(pkg, depends)
        self.assertIn("fonts-wqy-microhei", self.field("Recommends"))

    def test_the_programs_are_in_bin_and_answer_version_without_a_display(self):
        bindir = os.path.join(self.root, "usr", "bin")
        for prog in ("coroscope", "coroscope-cli", "coroscope-cli-qt", "coroscope-trace"):
            self.assertTrue(os.access(os.path.join(bindir, prog), os.X_OK), prog)
        r = run([os.path.join(bindir, "coroscope"), "--version"], env=no_display_env())
        self.assertEqual(r.stdout.strip(), "coroscope " + VERSION)
        r = run([os.path.join(bindir, "coroscope-cli"), "--version"])
        self.assertEqual(r.stdout.strip(), "coroscope-cli " + VERSION)

    def test_the_desktop_entry_validates_and_names_the_icon_and_the_program(self):
        path = os.path.join(self.root, "usr/share/applications", APP_ID + ".desktop")
        run(["desktop-file-validate", path])
        entry = configparser.ConfigParser(interpolation=None, strict=False)
        entry.optionxform = str
        entry.read(path, encoding="utf-8")
        d = entry["Desktop Entry"]
        self.assertEqual(d["Icon"], APP_ID)
        self.assertEqual(d["Exec"].split()[0], "coroscope")
        self.assertTrue(os.path.exists(os.path.join(self.root, "usr/bin", d["TryExec"])))

    def test_the_metainfo_validates_offline_and_its_newest_release_is_this_version(self):
        path = os.path.join(self.root, "usr/share/metainfo", APP_ID + ".metainfo.xml")
        run(["appstreamcli", "validate", "--no-net", path])
        tree = ET.parse(path).getroot()
        self.assertEqual(tree.findtext("id"), APP_ID)
        self.assertEqual(tree.findtext("launchable"), APP_ID + ".desktop")
        self.assertEqual(tree.find("releases/release").get("version"), VERSION)
        self.assertIsNotNone(tree.find("content_rating"))
        shot = tree.findtext("screenshots/screenshot/image")
        self.assertTrue(shot.endswith("/resources/screenshot.png"), shot)
        self.assertTrue(os.path.exists(os.path.join(ROOT, "resources", "screenshot.png")))

    def test_icons_come_in_every_hicolor_size_and_scalable(self):
        hicolor = os.path.join(self.root, "usr/share/icons/hicolor")
        self.assertTrue(os.path.exists(os.path.join(hicolor, "scalable/apps", APP_ID + ".svg")))
        for size in ICON_SIZES:
            png = os.path.join(hicolor, "%dx%d/apps/%s.png" % (size, size, APP_ID))
            self.assertTrue(os.path.exists(png), png)
            self.assertEqual(png_size(png), (size, size))

    def test_the_tracer_ships_whole_where_debians_python_finds_it(self):
        installed = os.path.join(self.root, "usr/lib/python3/dist-packages/coroscope_trace")
        source = os.path.join(ROOT, "resources/python/coroscope_trace")
        self.assertEqual(package_files(installed), package_files(source))

    def test_the_tracer_has_no_byte_code_in_the_deb_postinst_compiles_it_and_prerm_removes_it(self):
        # As Debian's Python packages: no .pyc shipped; postinst compiles
        # (so that a user who is not root does not compile the tracer at
        # every run, issue 13), prerm removes. Run here on the extracted
        # tree, their package path pointed at it.
        installed = os.path.join(self.root, "usr/lib/python3/dist-packages/coroscope_trace")
        shipped = run(["dpkg-deb", "-c", self.deb]).stdout
        self.assertNotIn("__pycache__", shipped)
        self.assertNotIn(".pyc", shipped)
        control = os.path.join(self.tmp, "control")
        run(["dpkg-deb", "-e", self.deb, control])
        scripts = {}
        for name in ("postinst", "prerm"):
            path = os.path.join(control, name)
            self.assertTrue(os.access(path, os.X_OK), name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertIn('"/usr/lib/python3/dist-packages/coroscope_trace"', text)
            scripts[name] = os.path.join(self.tmp, name)
            with open(scripts[name], "w", encoding="utf-8") as f:
                f.write(text.replace('"/usr/lib/', '"%s/usr/lib/' % self.root))
        run(["sh", scripts["postinst"], "configure"])
        modules = {f[:-3] for f in package_files(installed) if f.endswith(".py")}
        cached = {f.split(".")[0] for f in os.listdir(os.path.join(installed, "__pycache__"))}
        self.assertEqual(cached, modules)
        run(["sh", scripts["prerm"], "remove"])
        self.assertFalse(os.path.exists(os.path.join(installed, "__pycache__")))

    def test_bundled_scenarios_are_installed_for_the_cli(self):
        scenarios = os.path.join(self.root, "usr/share/coroscope/scenarios")
        names = {os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "resources/scenarios/*.json"))}
        self.assertEqual(set(os.listdir(scenarios)), names)
        r = run([os.path.join(self.root, "usr/bin/coroscope-cli"), "run",
                 os.path.join(scenarios, "01-semaphore-limits-ten-downloads.json")])
        self.assertEqual(json.loads(r.stdout)["outcome"], "ok")


class CmakeInstall(unittest.TestCase):
    def test_cmake_install_elsewhere_gives_a_working_coroscope_trace(self):
        with tempfile.TemporaryDirectory() as tmp:
            prefix = os.path.join(tmp, "prefix")
            run(["cmake", "--install", BUILD, "--prefix", prefix])
            for rel in ("bin/coroscope", "bin/coroscope-cli", "bin/coroscope-trace",
                        "share/applications/%s.desktop" % APP_ID,
                        "share/metainfo/%s.metainfo.xml" % APP_ID,
                        "share/icons/hicolor/48x48/apps/%s.png" % APP_ID,
                        "lib/python3/dist-packages/coroscope_trace/__main__.py"):
                self.assertTrue(os.path.exists(os.path.join(prefix, rel)), rel)
            out = os.path.join(tmp, "run.jsonl")
            # From another folder, with no PYTHONPATH: the wrapper finds the package itself.
            run([os.path.join(prefix, "bin/coroscope-trace"), "-q", "-o", out, PROGRAM], cwd=tmp,
                env=env_without_pythonpath())
            check_trace(out)


class Versions(unittest.TestCase):
    def test_pyproject_carries_the_projects_version(self):
        with open(os.path.join(ROOT, "resources/python/pyproject.toml"), encoding="utf-8") as f:
            m = re.search(r'^version\s*=\s*"([^"]+)"', f.read(), re.M)
        self.assertEqual(m.group(1), VERSION)


def main():
    global BUILD, VERSION
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--version", required=True)
    opts, rest = ap.parse_known_args()
    BUILD, VERSION = os.path.abspath(opts.build), opts.version
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
