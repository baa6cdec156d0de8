#!/usr/bin/env node
// npx xtrakit-mock [flags]: the mock (dist/scripts/mock.js).
require('./launch')('mock');
