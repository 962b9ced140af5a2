// Ends the jest run with one plain line CI can read: "tests: N passed, N failed, N skipped".
class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
module.exports = SummaryLineReporter
