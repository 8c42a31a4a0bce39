#!/usr/bin/env bash
# Fast developer build: compile csrc/ for one interpreter with gcc and lay out an
# importable package (symlinks to src/pyinspect) in OUTDIR, without pip.
#   tools/devbuild.sh PYTHON OUTDIR      then   PYTHONPATH=OUTDIR PYTHON -m pytest
# The real build (pip install .) goes through scikit-build-core and CMake.
# PYI_SANITIZE=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer, like
# CMake's -DPYI_SANITIZE=ON; run it with the compiler's libasan preloaded:
#   PYI_SANITIZE=1 tools/devbuild.sh PYTHON OUTDIR
#   LD_PRELOAD=$(gcc -print-file-name=libasan.so) ASAN_OPTIONS=detect_leaks=0 \
#     PYTHONPATH=OUTDIR PYTHON -m pytest
set -euo pipefail
py=$1; out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
inc=$("$py" -c "import sysconfig; print(sysconfig.get_path('include'))")
suf=$("$py" -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
pkg="$out/pyinspect"
rm -rf "$pkg"; mkdir -p "$pkg"
cp -rs "$root/src/pyinspect/." "$pkg/"
find "$pkg" -name '__pycache__' -prune -exec rm -rf {} +
san=()
if [ "${PYI_SANITIZE:-0}" = 1 ]; then
  san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
fi
gcc ${san[@]+"${san[@]}"} -std=c11 -shared -fPIC -O1 -g -Wall -Wextra -Wno-unused-parameter \
    -Wno-missing-field-initializers -fvisibility=hidden \
    -I"$inc" -I"$root/csrc" "$root"/csrc/*.c -o "$pkg/_inspect$suf"
