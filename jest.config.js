/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // TypeScript, and the ESM-only packages msw depends on (Jest runs CommonJS here): the README's Jest recipe.
  transform: { '^.+\\.(ts|mjs|js)$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(rettime|until-async|@open-draft\\/deferred-promise)/)'],
  roots: ['<rootDir>/openapi', '<rootDir>/mocks', '<rootDir>/contract-tests', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  // The recipes run in a fresh project of their own (scripts/recipes.test.ts), with their own test runners.
  testPathIgnorePatterns: ['/node_modules/', '/scripts/recipes/'],
  testTimeout: 60000,
};
