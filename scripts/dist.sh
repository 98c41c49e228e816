#!/usr/bin/env bash
# `make dist`: builds dist/handbook-VERSION-linux-ARCH.tar.gz, one executable that needs nothing
# but the C library: the Swift runtime and Foundation (--static-swift-stdlib), cmark-gfm
# (Debian's libcmark-gfm.a and libcmark-gfm-extensions.a), libstdc++ and libgcc linked in
# statically, and a libcurl whose every function refuses (scripts/dist-no-curl.c, ADR-0030);
# plus the licences of everything linked in, under LICENSES/.
#
# How the static C libraries are chosen: the linker is asked for -lcmark-gfm (and -lstdc++,
# -lcurl); a folder holding only the .a files is the first place it looks, so it takes the archives.
#
#   scripts/dist.sh                the tarball
#   scripts/dist.sh --build-only   only the executable (`make install` installs it); prints its path
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=false
[ "${1:-}" = "--build-only" ] && build_only=true
scripts/install-deps.sh
version=$(tr -d ' \n' < VERSION)
arch=$(uname -m)
name="handbook-$version-linux-$arch"
scratch="${HANDBOOK_DIST_SCRATCH:-.build-dist}"
case "$scratch" in /*) static="$scratch/static-libs" ;; *) static="$PWD/$scratch/static-libs" ;; esac
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")
stdcxx=$(gcc -print-file-name=libstdc++.a)
if [ ! -f "$stdcxx" ]; then
  scripts/install-deps.sh g++
  stdcxx=$(gcc -print-file-name=libstdc++.a)
fi
mkdir -p "$static"
for lib in cmark-gfm cmark-gfm-extensions; do
  archive="/usr/lib/$multiarch/lib$lib.a"
  [ -f "$archive" ] || { echo "dist: $archive is missing (Debian's lib$lib-dev ships it)" >&2; exit 1; }
  ln -sf "$archive" "$static/lib$lib.a"
done
ln -sf "$stdcxx" "$static/libstdc++.a"
# libcurl: FoundationNetworking (pulled in by the MCP package's HTTP client) asks for -lcurl;
# the self-contained binary gets functions that refuse instead (ADR-0030, scripts/dist-no-curl.c).
compiler=$(command -v cc || command -v gcc || command -v clang) || { echo "dist: no C compiler (cc, gcc or clang)" >&2; exit 1; }
archiver=$(command -v ar || command -v llvm-ar) || { echo "dist: no archiver (ar or llvm-ar)" >&2; exit 1; }
"$compiler" -c -O2 -Wall -Wextra -Werror -o "$static/dist-no-curl.o" scripts/dist-no-curl.c
rm -f "$static/libcurl.a"
"$archiver" rcs "$static/libcurl.a" "$static/dist-no-curl.o"

# SwiftPM reads libcmark-gfm.pc itself and passes its -L/usr/lib/<arch> to the linker, where the
# shared library wins: a .pc of our own, first on PKG_CONFIG_PATH, points at the archives' folder.
mkdir -p "$static/pkgconfig"
cat > "$static/pkgconfig/libcmark-gfm.pc" <<PC
Name: libcmark-gfm
Description: cmark-gfm, linked statically by make dist
Version: 0.29.0
Libs: -L$static -lcmark-gfm -lcmark-gfm-extensions
Cflags: -I/usr/include
PC
PKG_CONFIG_PATH="$static/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
swift build -c release --product handbook --scratch-path "$scratch" --static-swift-stdlib \
  -Xlinker -L"$static" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc >&2
if $build_only; then
  echo "$scratch/release/handbook"
  exit 0
fi

stage="$scratch/stage/$name"
rm -rf "$scratch/stage"
mkdir -p "$stage/LICENSES"
cp "$scratch/release/handbook" "$stage/handbook"
strip "$stage/handbook"
chmod 755 "$stage/handbook"

# Licences: the Swift runtime and Foundation, cmark-gfm, GCC's runtime (libstdc++, libgcc), and
# every Swift package the build resolved.
cp /opt/swift/usr/share/swift/LICENSE.txt "$stage/LICENSES/swift.txt" 2>/dev/null \
  || cp "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")/share/swift/LICENSE.txt" "$stage/LICENSES/swift.txt"
cp /usr/share/doc/libcmark-gfm-dev/copyright "$stage/LICENSES/cmark-gfm.txt"
cp /usr/share/doc/libstdc++6/copyright "$stage/LICENSES/gcc-runtime-libstdc++-libgcc.txt" 2>/dev/null \
  || cp /usr/share/doc/gcc-12-base/copyright "$stage/LICENSES/gcc-runtime-libstdc++-libgcc.txt"
for checkout in "$scratch"/checkouts/*/; do
  package=$(basename "$checkout")
  for licence in "$checkout"LICENSE* "$checkout"LICENCE* "$checkout"COPYING*; do
    [ -f "$licence" ] || continue
    cp "$licence" "$stage/LICENSES/$package-$(basename "$licence" | tr 'A-Z' 'a-z' | sed 's/\.\(md\|txt\)$//').txt"
  done
done
cat > "$stage/README.txt" <<README
handbook $version for Linux ($arch)

One self-contained executable: the Swift runtime, Foundation, cmark-gfm and the C++ runtime are
linked in; it needs only the C library (glibc). It runs git when it finds one on PATH
(repository files, history, review --base).

  install -m 755 handbook /usr/local/bin/handbook
  handbook --version
  handbook build --content content --output public

The licences of everything linked in are in LICENSES/.
README

mkdir -p dist
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  -C "$scratch/stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
