#!/usr/bin/env bash
# Usage: expect_error.sh SOURCE EXPECTED-TEXT COMPILER [ARGS...]
# Passes when compiling SOURCE fails and the compiler's messages contain EXPECTED-TEXT; fails
# when it compiles (the check it stands for is gone) or fails for another reason.
set -u
source=$1 expected=$2
shift 2
out=$("$@" -fsyntax-only "$source" 2>&1)
status=$?
if [ $status -eq 0 ]; then
  echo "FAIL: $source compiled; it must not"
  exit 1
fi
if ! grep -qF -- "$expected" <<<"$out"; then
  echo "FAIL: $source did not compile, but without \"$expected\":"
  echo "$out" | head -40
  exit 1
fi
echo "ok: $source is refused with \"$expected\""
