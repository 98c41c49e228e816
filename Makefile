# Two commands do all the set-up on a fresh Debian machine with Swift:
#   make site   renders this repository's content/ into public/
#   make test   runs every test
SWIFT ?= swift

.PHONY: site test deps unit check-content e2e clean bench

deps:
	@scripts/install-deps.sh

site: deps
	$(SWIFT) build -c release --product handbook
	.build/release/handbook build --content content --output public

# Unit, pipeline, golden, broken-handbook and end-to-end tests (swift test), the default
# theme in headless Chromium (scripts/browser-test.sh, tests/browser), then this
# repository's own handbook checked with --strict.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/browser-test.sh
	.build/debug/handbook check --content content --strict

# Handbook against Hugo and cmark-gfm on 10,000 generated records (scripts/bench.sh; N=100000 for more).
bench: deps
	scripts/bench.sh $(N)

clean:
	rm -rf .build public
