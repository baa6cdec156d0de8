// Jest 30 runs CommonJS; msw 2 depends on a few ES-module-only packages: compile those (and only those) with swc.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(rettime|until-async|@open-draft/deferred-promise)/)'],
};
