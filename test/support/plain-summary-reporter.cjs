/**
 * Prints jest's totals as one plain line ("12 passed, 0 failed, 1 skipped"), a form that tools
 * reading CI logs understand without knowing jest.
 */
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const failed = numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(
      `${numPassedTests} passed, ${failed} failed, ${numPendingTests + numTodoTests} skipped`,
    );
  }
}
module.exports = PlainSummaryReporter;
