#!/bin/sh
# Installs the headless browser the HTML rendering test uses (Debian packages chromium and
# chromium-driver). Does nothing when chromium is already there; without root it only says
# what to run, and the browser test then skips with that reason.
set -eu

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-browser: not root; run 'sudo apt-get install -y chromium chromium-driver'" >&2
    echo "install-test-browser: the browser test will be skipped until then" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-browser: no apt-get here; install chromium by hand to run the browser test" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; }; then
    echo "install-test-browser: apt-get failed; the browser test will be skipped" >&2
fi
