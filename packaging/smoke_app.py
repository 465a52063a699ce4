"""Smoke-test a built nnviz folder: headless PNG export, `solve --json`, the GUI once; print size and timings.

Standard library only: `python3 packaging/smoke_app.py dist/nnviz` (build_app.py runs it after each build).
"""
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = "002_relu_3-2-2-1_sse.nnviz"
SMOKE_SECONDS = 0.5
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
QT_PLUGINS = ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqsvg.so",
              "iconengines/libqsvgicon.so")  # Linux: what a window, the icons and the offscreen export need
DATA_FILES = ("pyqtgraph/colors/maps/CET-D4.csv", "pyqtgraph/colors/maps/CET-CBD1.csv",
              "pyqtgraph/colors/maps/viridis.csv",
              "ziamath/fonts/STIXTwoMath-Regular.ttf", "ziafont/fonts/DejaVuSans.ttf",
              "latex2mathml/unimathsymbols.txt", "resources/icons/nnviz.svg")  # read lazily, so checked here


class SmokeFailure(Exception):
    """A check on the built app failed; the message says which and why."""


def executable(folder: Path, cli: bool = False) -> Path:
    """The app's binary; on Windows `cli` picks nnviz-cli.exe, the console twin of the windowed nnviz.exe."""
    if os.name == "nt":
        return folder / ("nnviz-cli.exe" if cli else "nnviz.exe")
    return folder / "nnviz"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def glibc_needed(folder: Path) -> str | None:
    """The newest GLIBC_x.y symbol version any binary in the folder asks for (the oldest glibc it runs on)."""
    if not sys.platform.startswith("linux") or shutil.which("objdump") is None:
        return None
    versions = set()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            dump = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
            versions.update(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", dump))
    return max(versions, key=lambda v: tuple(map(int, v.split("."))), default=None)


def clean_env(config_home: Path, **extra: str) -> dict:
    """The environment of a user without Python settings, with nnviz's settings kept in a temporary folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env.update(XDG_CONFIG_HOME=str(config_home), HOME=os.environ.get("HOME", str(config_home)), **extra)
    return env


def run(command: list, env: dict, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run the built binary; (result, wall seconds). A Traceback on stderr fails, whatever the exit status."""
    start = time.perf_counter()
    result = subprocess.run([str(c) for c in command], env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or "Traceback" in result.stderr:
        raise SmokeFailure(f"{' '.join(map(str, command[1:]))}: exit {result.returncode}\n{result.stderr.strip()}")
    return result, elapsed


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG header; SmokeFailure if the file is not a PNG."""
    if not path.is_file():
        raise SmokeFailure(f"export wrote no file {path}")
    head = path.read_bytes()[:24]
    if not head.startswith(PNG_MAGIC) or head[12:16] != b"IHDR":
        raise SmokeFailure(f"{path} is not a PNG (starts with {head[:8]!r})")
    return struct.unpack(">II", head[16:24])


def check_bundle(folder: Path) -> Path:
    """The shipped example; SmokeFailure if the binary, the example, a data file or a needed Qt plugin is missing."""
    if not executable(folder).is_file():
        raise SmokeFailure(f"no binary {executable(folder)}: build first")
    example = folder / "_internal" / "resources" / "examples" / EXAMPLE
    if not example.is_file():
        raise SmokeFailure(f"the examples are not bundled: {example} is missing")
    missing = [name for name in DATA_FILES if not (folder / "_internal" / name).is_file()]
    if missing:
        raise SmokeFailure(f"data files missing from the bundle: {', '.join(missing)}")
    if sys.platform.startswith("linux"):
        plugins = folder / "_internal" / "PySide6" / "Qt" / "plugins"
        missing = [name for name in QT_PLUGINS if not (plugins / name).is_file()]
        if missing:
            raise SmokeFailure(f"Qt plugins missing from the bundle: {', '.join(missing)}")
    return example


def smoke(folder: Path, gui_runs: int = 3) -> dict:
    """Run every check on the built folder; the figures measured (sizes in bytes, times in seconds)."""
    example, exe, cli = check_bundle(folder), executable(folder), executable(folder, cli=True)
    figures = {"folder_bytes": folder_bytes(folder), "glibc": glibc_needed(folder)}
    with tempfile.TemporaryDirectory(prefix="nnviz-smoke-") as tmp:
        tmp = Path(tmp)
        offscreen = clean_env(tmp / "config", QT_QPA_PLATFORM="offscreen")
        png = tmp / "x.png"
        _, figures["export_s"] = run([cli, "export", example, "-o", png, "--scale", "2"], offscreen)
        width, height = figures["png_size"] = png_size(png)
        if width < 1000 or height < 400 or png.stat().st_size < 20_000:
            raise SmokeFailure(f"the 2x PNG is implausibly small: {width} x {height}, {png.stat().st_size} bytes")
        solved, figures["solve_s"] = run([cli, "solve", example, "--json"], offscreen)
        if '"loss": 64.0' not in solved.stdout or json.loads(solved.stdout)["loss"] != 64.0:
            raise SmokeFailure(f"solve --json did not give loss 64.0:\n{solved.stdout[:500]}")
        gui = {**offscreen, "NNVIZ_SMOKE_SECONDS": str(SMOKE_SECONDS)}
        starts = [run([exe], gui)[1] - SMOKE_SECONDS for _ in range(gui_runs)]
        figures["gui_first_start_s"], figures["gui_warm_start_s"] = starts[0], statistics.median(starts[1:] or starts)
        if sys.platform.startswith("linux") and os.environ.get("DISPLAY"):  # e.g. under xvfb-run: the xcb plugin
            xcb = clean_env(tmp / "config", QT_QPA_PLATFORM="xcb", NNVIZ_SMOKE_SECONDS=str(SMOKE_SECONDS))
            figures["gui_xcb_start_s"] = run([exe], xcb)[1] - SMOKE_SECONDS
    return figures


def report(figures: dict) -> str:
    lines = [f"folder size: {figures['folder_bytes'] / 1e6:.1f} MB"
             + (f", runs on glibc {figures['glibc']} or newer" if figures.get("glibc") else ""),
             f"export 2x PNG: {figures['png_size'][0]} x {figures['png_size'][1]} in {figures['export_s']:.2f} s",
             f"solve --json: loss 64.0 in {figures['solve_s']:.2f} s",
             f"GUI start-up (launch to exit minus {SMOKE_SECONDS} s): first {figures['gui_first_start_s']:.2f} s, "
             f"warm {figures['gui_warm_start_s']:.2f} s (offscreen)"]
    if "gui_xcb_start_s" in figures:
        lines.append(f"GUI on the X display (xcb): {figures['gui_xcb_start_s']:.2f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else Path(__file__).resolve().parent.parent / "dist" / "nnviz")
    try:
        print(report(smoke(folder)))
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
