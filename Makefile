# The two commands a fresh clone needs: `make validate` and `make test`. Each installs what is missing first.
.PHONY: validate test bench docs install typecheck

NODE_MODULES := node_modules/.package-lock.json

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NODE_MODULES) .tools/kubectl

.tools/kubectl: $(NODE_MODULES)
	node scripts/install-tools.mjs

validate: install
	node bin/gaia.js validate $(ARGS)

test: install
	npx vitest run

bench: install
	npm run --silent bench

docs: install
	node bin/gaia.js docs

typecheck: install
	npx tsc --noEmit
