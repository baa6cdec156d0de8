/** Jest configuration of `npm run contract` (the project's own tests use jest.config.js). */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/contract-tests/contract.suite.ts'],
};
