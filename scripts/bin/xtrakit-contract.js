#!/usr/bin/env node
// npx xtrakit-contract --target <url> [flags]: the contract suite (dist/scripts/contract.js).
require('./launch')('contract');
