#!/usr/bin/env bash
# Runs every test, after setting up what they need: the Debian packages
# (installed when missing and this runs as root; named otherwise), a build, a
# bounded property-based run of requests against the API (Tests/Fuzz/api.sh,
# schemathesis from PyPI), then `swift test`.
#
#   bash Tests/run.sh                  # everything
#   bash Tests/run.sh --install-only   # only the packages
#   API_FUZZ_SECONDS=30 bash Tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# libicu-dev, libsqlite3-dev, zlib1g-dev, pkg-config: the build.
# libcurl4: the tests talk to the server through Foundation's URLSession.
# chromium, chromium-driver, python3-selenium, fonts-wqy-zenhei: the web pages in a real browser, with Chinese screenshots.
# openssl, curl: HTTPS is tested with a certificate made in the test and a real client.
packages=(libicu-dev libsqlite3-dev zlib1g-dev pkg-config libcurl4 chromium chromium-driver python3-selenium fonts-wqy-zenhei openssl curl)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update
        apt-get install -y "${missing[@]}"
    else
        echo "missing Debian packages: ${missing[*]}" >&2
        echo "install them as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
[ "${1:-}" = "--install-only" ] && exit 0

swift build --build-tests
bash Tests/Fuzz/api.sh .build/debug/teacher-registry "${API_FUZZ_SECONDS:-90}"
swift test --skip-build
