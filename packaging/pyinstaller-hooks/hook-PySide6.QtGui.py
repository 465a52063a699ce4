"""PyInstaller's own hook for PySide6.QtGui, less the Qt plugins a desktop nnviz never loads (and their libraries)."""
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Kept: platforms xcb, wayland and offscreen (nnviz export), the SVG image format and icon engine, input
# methods, the xdg-desktop-portal theme and the Wayland client plugins. Left out: embedded-device and VNC
# platforms (they pull in QtNetwork and Kerberos), evdev input, raster image formats nnviz does not read, and
# the GTK 3 theme, whose half of the GTK stack bundled from the build machine can clash with the desktop's own.
UNUSED = {
    "platforms": {"libqeglfs.so", "libqlinuxfb.so", "libqminimal.so", "libqminimalegl.so", "libqvkkhrdisplay.so",
                  "libqvnc.so"},
    "egldeviceintegrations": "all",
    "generic": "all",
    "platformthemes": {"libqgtk3.so"},
    "imageformats": {"libqgif.so", "libqicns.so", "libqico.so", "libqjpeg.so", "libqtga.so", "libqtiff.so",
                     "libqwbmp.so", "libqwebp.so"},
}


def wanted(source: str, target: str) -> bool:
    unused = UNUSED.get(PurePath(target).name)
    return not (unused == "all" or (unused and PurePath(source).name in unused))


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, target) for source, target in binaries if wanted(source, target)]
