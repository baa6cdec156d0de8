/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  roots: ['<rootDir>/openapi', '<rootDir>/mocks', '<rootDir>/contract-tests', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
};
