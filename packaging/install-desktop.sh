#!/bin/sh
# Install nnviz's desktop entry, AppStream metainfo, application/x-nnviz MIME type and icons on Linux,
# so nnviz is in the menu and a double-clicked .nnviz file opens in it. Needs no network, and no root unless --system.
#
#   install-desktop.sh [--system] [--uninstall] [--exec PATH]
#
# Per user (default): into ${XDG_DATA_HOME:-~/.local/share}. --system: into /usr/local/share (run as root).
# Run from the built folder (nnviz/packaging/install-desktop.sh) the menu entry starts that folder's nnviz by
# its absolute path; run from a source checkout it starts `nnviz` from PATH (pip install); --exec overrides.
set -eu

APP_ID=io.github.nnviz.nnviz
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$HERE")
SIZES="16 24 32 48 64 128 256"

usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }
die() { echo "install-desktop.sh: $*" >&2; exit 2; }

scope=user action=install exec_path=""
while [ $# -gt 0 ]; do
    case "$1" in
        --system) scope=system ;;
        --user) scope=user ;;
        --uninstall) action=uninstall ;;
        --exec) [ $# -ge 2 ] || die "--exec needs a path"; exec_path=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
    shift
done

if [ "$scope" = system ]; then DATA=/usr/local/share; else DATA=${XDG_DATA_HOME:-$HOME/.local/share}; fi

# The built folder has the binary nnviz beside packaging/ and the resources in _internal/; a checkout has them
# at the top (where nnviz/ is the package folder, not a file).
if [ -f "$TOP/nnviz" ] && [ -x "$TOP/nnviz" ]; then
    ICONS=$TOP/_internal/resources/icons
    [ -n "$exec_path" ] || exec_path=$TOP/nnviz
else
    ICONS=$TOP/resources/icons
fi
[ -d "$ICONS" ] || die "cannot find the icons in $ICONS"

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$DATA/mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$DATA/applications"; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
    fi
    return 0
}

if [ "$action" = uninstall ]; then
    rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml" \
          "$DATA/mime/packages/$APP_ID.xml" "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
    for n in $SIZES; do rm -f "$DATA/icons/hicolor/${n}x$n/apps/$APP_ID.png"; done
    refresh
    echo "nnviz's desktop entry, MIME type and icons removed from $DATA"
    exit 0
fi

desktop_exec() {  # the Exec= value: a bare command, or an absolute path quoted as the desktop entry spec says
    case "$1" in
        *[\"\`\$\\%]*) die "cannot put a path with \", \`, \$, \\ or % in a desktop entry: $1" ;;
        *" "*) echo "install-desktop.sh: note: the path has a space; desktops quote it, but xdg-open without a" \
                  "desktop environment cannot start it: /opt/nnviz or ~/.local/opt/nnviz is safer" >&2
               printf '"%s"' "$1" ;;
        *) printf '%s' "$1" ;;
    esac
}

install -d "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps"
if [ -n "$exec_path" ]; then
    sed -e "s|^Exec=nnviz |Exec=$(desktop_exec "$exec_path") |" -e "s|^TryExec=nnviz\$|TryExec=$exec_path|" \
        "$HERE/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
else
    command -v nnviz >/dev/null 2>&1 || echo "install-desktop.sh: note: nnviz is not on PATH yet" >&2
    install -m 644 "$HERE/$APP_ID.desktop" "$DATA/applications/$APP_ID.desktop"
fi
chmod 644 "$DATA/applications/$APP_ID.desktop"
install -m 644 "$HERE/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$HERE/nnviz-mime.xml" "$DATA/mime/packages/$APP_ID.xml"
install -m 644 "$ICONS/nnviz.svg" "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for n in $SIZES; do
    install -D -m 644 "$ICONS/hicolor/${n}x$n/apps/$APP_ID.png" "$DATA/icons/hicolor/${n}x$n/apps/$APP_ID.png"
done
refresh
if [ "$scope" = user ] && command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$APP_ID.desktop" application/x-nnviz || true
fi
echo "nnviz installed in $DATA: menu entry $APP_ID.desktop (Exec=$(sed -n 's/^Exec=//p' \
    "$DATA/applications/$APP_ID.desktop")), .nnviz files open in nnviz"
