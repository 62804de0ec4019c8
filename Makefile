# The two commands a person needs: `make run` and `make test`. Both set themselves up.
.PHONY: setup run test bench dist clean

setup:
	@scripts/setup.sh

run: setup
	@scripts/run-demo.sh

test: setup
	@scripts/test.sh $(ARGS)

# the release wheel of this version (kiosk/__init__.py) in dist/; sign it with scripts/sign-release
dist: setup
	@.venv/bin/python -m pip wheel --no-deps --no-build-isolation --quiet -w dist .
	@ls dist/hallkiosk-*.whl

bench: setup
	@.venv/bin/python -m bench all

clean:
	rm -rf var tests/artifacts .pytest_cache dist build
