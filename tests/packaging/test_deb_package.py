"""The Linux package, end to end: build it, install it into a scratch root, run it there.

The installed app is run from a temporary folder, with a minimal environment (no
PYTHONPATH, a private HOME and XDG folders) and, where the kernel allows, without any
network. The working folder holds a booby-trapped ``analysis`` package: if the app ever
imported code from outside its bundle, the trap would fire.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUILD_DEB = ROOT / "packaging" / "deb" / "build_deb.py"
LABELS = ("centralist", "neutral", "localist")
TRAP = "raise SystemExit('imported analysis from outside the bundle')\n"
PASSAGES = [
    {"id": "a", "text": "Councils know their areas best and should set local care budgets."},
    {"id": "b", "text": "Ministers must fix one national standard for every hospital."},
    {"id": "c", "text": "The committee meets on Tuesday to read the annual accounts."},
]


def _tools_or_skip() -> None:
    for tool in ("dpkg-deb", "dpkg", "readelf"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (scripts/system-deps.sh installs it)")


def _offline_prefix() -> list[str]:
    """Run in a fresh network namespace (no interfaces but loopback) when allowed."""
    probe = ["unshare", "-rn", "true"]
    if shutil.which("unshare") and subprocess.run(probe, capture_output=True).returncode == 0:
        return ["unshare", "-rn"]
    return []


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> dict:
    _tools_or_skip()
    work = tmp_path_factory.mktemp("deb")
    subprocess.run(
        [
            sys.executable,
            str(BUILD_DEB),
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "b"),
            "--compression",
            "fast",
        ],  # xz would add minutes; bench_install.py measures it
        check=True,
        timeout=600,
        cwd=ROOT,
    )
    debs = list((work / "dist").glob("stancemap_*.deb"))
    assert len(debs) == 1, debs
    root = work / "root"
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    for name in ("status", "available"):
        (admin / name).touch()
    return {"deb": debs[0], "root": root, "work": work}


def _dpkg(package: dict, *args: str) -> subprocess.CompletedProcess:
    root = package["root"]
    command = [
        "dpkg",
        f"--root={root}",
        f"--log={package['work'] / 'dpkg.log'}",
        "--force-depends",
        "--force-not-root",
        "--force-script-chrootless",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(package) -> Path:
    result = _dpkg(package, "--install", str(package["deb"]))
    assert result.returncode == 0, result.stderr
    return package["root"]


@pytest.fixture
def sandbox(tmp_path) -> dict:
    """A working folder with the trap, and an environment with nothing from the checkout."""
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "__init__.py").write_text(TRAP)
    home = tmp_path / "home"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    (tmp_path / "run").mkdir(mode=0o700)
    return {"cwd": tmp_path, "env": env, "home": home}


def _run_installed(installed: Path, sandbox: dict, *args: str) -> subprocess.CompletedProcess:
    exe = installed / "opt" / "stancemap" / "stancemap"
    return subprocess.run(
        [*_offline_prefix(), str(exe), *args],
        cwd=sandbox["cwd"],
        env=sandbox["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_layout_launcher_desktop_entry_and_icons(installed):
    launcher = installed / "usr" / "bin" / "stancemap"
    assert launcher.stat().st_mode & 0o111
    target = re.search(r"exec (\S+)", launcher.read_text()).group(1)
    assert (installed / target.lstrip("/")).is_file()
    entry = (installed / "usr" / "share" / "applications" / "stancemap.desktop").read_text()
    exec_path = re.search(r"^Exec=(\S+)", entry, re.M).group(1)
    assert (installed / exec_path.lstrip("/")).is_file()
    assert re.search(r"^Icon=stancemap$", entry, re.M)
    hicolor = installed / "usr" / "share" / "icons" / "hicolor"
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = hicolor / f"{size}x{size}" / "apps" / "stancemap.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (hicolor / "scalable" / "apps" / "stancemap.svg").is_file()
    mime = installed / "usr" / "share" / "mime" / "packages" / "stancemap.xml"
    assert 'pattern="*.stancemap"' in mime.read_text()
    assert "MimeType=application/x-stancemap;" in entry


def _highest_glibc(folder: Path) -> tuple[int, ...]:
    highest = (2, 0)
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            out = subprocess.run(
                ["readelf", "-V", "--wide", str(path)], capture_output=True, text=True
            ).stdout
            for found in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", out):
                highest = max(highest, tuple(int(x) for x in found.split(".")))
    return highest


def test_control_file_states_the_real_glibc_floor_and_size(package, installed):
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(package["deb"])], capture_output=True, text=True, check=True
    ).stdout
    stated = re.search(r"libc6 \(>= ([\d.]+)\)", fields).group(1)
    assert tuple(int(x) for x in stated.split(".")) == _highest_glibc(installed / "opt")
    for library in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libfontconfig1"):
        assert library in fields
    installed_kib = int(re.search(r"Installed-Size: (\d+)", fields).group(1))
    assert installed_kib * 1024 < 350e6


def test_bundle_is_offline_and_lean(installed):
    internal = installed / "opt" / "stancemap" / "_internal"
    names = {p.name for p in internal.rglob("*")}
    assert not any(n.startswith(("_tkinter.", "libtk", "libssl", "libstdc++")) for n in names)
    assert not {"nltk_data", "tkinter", "matplotlib", "PIL", "pytest"} & names
    assert not any(n.startswith("libQt6") and ("Network" in n or "Qml" in n) for n in names)
    assert (internal / "resources" / "model").is_dir()


def test_command_line_classifies_without_the_source_tree(installed, sandbox):
    source = sandbox["cwd"] / "in.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in PASSAGES))
    before = _snapshot(installed / "opt")
    result = _run_installed(installed, sandbox, "classify", "in.jsonl", "-o", "out.jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (sandbox["cwd"] / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for row in rows:
        assert row["label"] in LABELS
        total = row["p_centralist"] + row["p_neutral"] + row["p_localist"]
        assert total == pytest.approx(1.0, abs=1e-5)  # each is rounded to 6 places
        assert row["score"] == pytest.approx(row["p_localist"] - row["p_centralist"], abs=1e-5)
    assert _snapshot(installed / "opt") == before


def test_a_python_environment_on_the_machine_cannot_leak_in(installed, sandbox):
    """PYTHONPATH and PYTHONHOME pointing at the trap change nothing: the bundle is isolated."""
    (sandbox["cwd"] / "in.jsonl").write_text(json.dumps(PASSAGES[0]) + "\n")
    sandbox["env"].update(PYTHONPATH=str(sandbox["cwd"]), PYTHONHOME=str(sandbox["cwd"]))
    result = _run_installed(installed, sandbox, "classify", "in.jsonl")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "a"


def test_pdf_report_and_pdf_import_run_in_the_bundle(installed, sandbox):
    """The report uses Qt's PDF writer headless; PDF import parses in a spawned child,
    which only works in a frozen app because the entry script calls freeze_support()."""
    demo = installed / "opt" / "stancemap" / "_internal" / "resources" / "demo"
    before = _snapshot(installed / "opt")
    result = _run_installed(installed, sandbox, "report", str(demo), "-o", "report.pdf")
    assert result.returncode == 0, result.stderr
    assert (sandbox["cwd"] / "report.pdf").read_bytes()[:5] == b"%PDF-"
    result = _run_installed(installed, sandbox, "import", "report.pdf", "-p", "x.stancemap")
    assert result.returncode == 0, result.stderr
    assert "imported 1 document" in result.stdout
    assert _snapshot(installed / "opt") == before


def test_window_opens_the_demo_and_saves_a_screenshot(installed, sandbox):
    before = _snapshot(installed / "opt")
    result = _run_installed(installed, sandbox, "--screenshot", "shot.png")
    assert result.returncode == 0, result.stderr
    shot = sandbox["cwd"] / "shot.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    data = Path(sandbox["env"]["XDG_DATA_HOME"])
    assert list(data.rglob("*.stancemap")), "the demo project belongs in the user data folder"
    assert _snapshot(installed / "opt") == before


def test_remove_leaves_the_root_clean(package, installed):
    result = _dpkg(package, "--remove", "stancemap")
    assert result.returncode == 0, result.stderr
    left = [p for p in _snapshot(installed) if not p.startswith("var")]
    assert left == []
