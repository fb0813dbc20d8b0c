#!/usr/bin/env bash
# Installs Debian's SciPy for the drift benchmark's reference computation when it is missing (the benchmark runs
# /usr/bin/python3, Debian's own interpreter, whatever python3 is first on the PATH).
set -euo pipefail
if /usr/bin/python3 -c 'import scipy' 2>/dev/null; then exit 0; fi
echo "ensure-scipy: installing python3-scipy (apt)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq python3-scipy >&2
