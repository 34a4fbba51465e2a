#!/usr/bin/env bash
# Headless Chromium and its chromedriver for the dashboard's browser test (tests_py/test_dashboard.py),
# from Debian's packages. Does nothing when both are already installed; `make test` calls it.
set -euo pipefail

# Debian's chromium; chromium-browser or google-chrome (GitHub's Ubuntu runners ship it with chromedriver)
# are the same engine and are used when present.
found() {
    command -v chromedriver >/dev/null 2>&1 || return 1
    for browser in chromium chromium-browser google-chrome; do
        command -v "$browser" >/dev/null 2>&1 && return 0
    done
    return 1
}

if found; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: chromium and chromedriver are missing and there is no apt-get;" \
        "install Chromium and the matching chromedriver and put both on PATH" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "ensure_chromium: run as root (or install sudo): apt-get install -y chromium chromium-driver" >&2
    exit 1
fi

echo "ensure_chromium: installing chromium and chromium-driver from Debian packages" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver

if ! found; then
    echo "ensure_chromium: chromium or chromedriver still not on PATH after apt-get install" >&2
    exit 1
fi
