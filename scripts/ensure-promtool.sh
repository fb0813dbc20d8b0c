#!/usr/bin/env bash
# Installs Debian's prometheus package when promtool is missing: the metrics tests check Fleet's /metrics
# output, deploy/prometheus/prometheus.yml and fleet-rules.yml with it. Prints promtool's path.
set -euo pipefail
if ! command -v promtool >/dev/null 2>&1; then
  echo "ensure-promtool: installing prometheus (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends prometheus >&2
fi
command -v promtool
