#!/bin/sh
# Builds NanoLog's runtime library and decompressor from a checkout that may be read-only:
# copies runtime/ and preprocessor/ into OUTDIR/nanolog-src and runs NanoLog's own make there.
#   build_nanolog.sh NANOLOG_CHECKOUT OUTDIR CXXFLAGS [SUFFIX]
# Leaves OUTDIR/libNanoLogSUFFIX.a and OUTDIR/nanolog-decompressorSUFFIX (SUFFIX tells builds
# with other flags apart). NanoLog's make calls `python`.
set -eu
src=$1 out=$2 flags=$3 suffix=${4:-}
[ -f "$src/runtime/NanoLogCpp17.h" ] || { echo "build_nanolog.sh: no NanoLog runtime in $src" >&2; exit 1; }
copy="$out/nanolog-src$suffix"
rm -rf "$copy"
mkdir -p "$copy"
cp -R "$src/runtime" "$src/preprocessor" "$copy/"
chmod -R u+w "$copy"
if ! command -v python >/dev/null 2>&1; then
  echo "build_nanolog.sh: NanoLog's make needs a 'python' command (apt-get install python-is-python3)" >&2
  exit 1
fi
make -s -C "$copy/runtime" CXX_ARGS="$flags" libNanoLog.a decompressor >"$out/nanolog-make$suffix.log" 2>&1 \
  || { cat "$out/nanolog-make$suffix.log" >&2; exit 1; }
cp "$copy/runtime/libNanoLog.a" "$out/libNanoLog$suffix.a"
cp "$copy/runtime/decompressor" "$out/nanolog-decompressor$suffix"
