#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (Playwright drives /usr/bin/chromium;
# it never downloads a browser of its own).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
echo "ensure-chromium: installing chromium (apt)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
