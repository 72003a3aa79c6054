/** Tests run from TypeScript sources (transpiled by ts-jest); the end-to-end suite runs dist/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  // Sources import siblings as './x.ts' (so Node can run test helpers directly); jest needs the bare path.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.(ts|js)$': '$1' },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.cjs'],
};
