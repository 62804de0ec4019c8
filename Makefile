# The two commands a person needs: `make run` and `make test`. Both set themselves up.
.PHONY: setup run test bench clean

setup:
	@scripts/setup.sh

run: setup
	@scripts/run-demo.sh

test: setup
	@scripts/test.sh $(ARGS)

bench: setup
	@.venv/bin/python -m bench all

clean:
	rm -rf var tests/artifacts .pytest_cache
