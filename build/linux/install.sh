#!/bin/sh
# Install the Readiness app from this folder for one user (default) or, run as root,
# for everyone: copies the folder, links the command and adds the menu entry.
#   ./install.sh            -> ~/.local/opt/readiness, ~/.local/bin/readiness
#   sudo ./install.sh       -> /opt/readiness, /usr/local/bin/readiness
#   ./install.sh --uninstall (or sudo ./install.sh --uninstall)
# The database and settings (~/.local/share/Readiness, ~/.config/Readiness) are
# never touched, not even by --uninstall.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then
  target=/opt/readiness; bin=/usr/local/bin; share=/usr/local/share
else
  target="$HOME/.local/opt/readiness"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
desktop="$share/applications/readiness.desktop"
icon="$share/icons/hicolor/256x256/apps/readiness.png"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$target" "$bin/readiness" "$desktop" "$icon"
  echo "Readiness removed (your assessments and settings are kept)."
  exit 0
fi
if [ ! -x "$here/readiness" ] || [ ! -d "$here/_internal" ]; then
  echo "install.sh: run me from the unpacked readiness folder" >&2
  exit 1
fi
if [ "$here" != "$target" ]; then
  rm -rf "$target.new"
  mkdir -p "$(dirname "$target")"
  cp -a "$here" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
mkdir -p "$bin" "$(dirname "$desktop")" "$(dirname "$icon")"
ln -sf "$target/readiness" "$bin/readiness"
cp "$target/readiness.png" "$icon"
sed -e "s|^Exec=.*|Exec=\"$target/readiness\"|" -e "s|^Icon=.*|Icon=$icon|" \
  "$target/readiness.desktop" > "$desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$(dirname "$desktop")" || true
fi
echo "Readiness installed in $target; start it from the menu or with: $bin/readiness"
"$target/readiness" --version
