#!/usr/bin/env bash
# Browser tests of the default theme (tests/browser): installs what is missing (Debian's
# chromium and chromium-driver; selenium and pytest from PyPI), then runs pytest on them.
# Selenium drives the system's /usr/bin/chromedriver, so nothing else is downloaded.
# Usage: scripts/browser-test.sh [pytest arguments]   (HANDBOOK_BINARY: the binary to test,
# default .build/debug/handbook; HANDBOOK_SCREENSHOTS: where screenshots go, default .build/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
need=()
for package in chromium chromium-driver fonts-liberation fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing: ${need[*]}" >&2
  # Wait for another apt run's lock rather than failing at once.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${need[@]}" >/dev/null
fi
# axe-selenium-python ships axe-core's axe.min.js (the accessibility checks); html5lib validates the pages.
if ! "$python" -c "import selenium, pytest, jsonschema, html5lib, axe_selenium_python" 2>/dev/null; then
  echo "installing: selenium pytest jsonschema html5lib axe-selenium-python" >&2
  "$python" -m pip install --quiet --disable-pip-version-check selenium pytest jsonschema html5lib axe-selenium-python
fi

# Selenium Manager must not look for (or download) a browser or a driver.
export SE_OFFLINE=true
# Chromium leaves a folder of singleton files (/tmp/org.chromium.Chromium.*) behind for each
# browser even after a clean quit: every temporary file of the run goes to one folder, removed at
# the end.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/handbook-browser.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"
status=0
"$python" -m pytest tests/browser tests/schema -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "browser tests: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
