#!/usr/bin/env bash
# Installs the Debian packages the build needs when they are missing: cmark-gfm (with its
# extensions) and pkg-config. Uses sudo when not root. Safe to run again: it checks first.
set -euo pipefail
need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/cmark-gfm.h ] || need+=(libcmark-gfm-dev)
[ -f /usr/include/cmark-gfm-core-extensions.h ] || need+=(libcmark-gfm-extensions-dev)
if [ $# -gt 0 ]; then
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
  done
fi
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
