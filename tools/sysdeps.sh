#!/bin/sh
# Install the Debian packages the project needs, only those that are missing.
# Needs root (CI and the development machines are root); otherwise explains and
# goes on, since every suite that needs a missing tool skips with a clear message.
want=""
command -v clang >/dev/null 2>&1 || want="$want clang"
command -v pypy3 >/dev/null 2>&1 || want="$want pypy3"
[ -f /usr/include/gc.h ] || [ -f /usr/include/gc/gc.h ] || want="$want libgc-dev"
[ -z "$want" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "sysdeps: not root, skipping apt-get install of:$want" >&2
    exit 0
fi
echo "sysdeps: installing:$want"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq $want >/dev/null
