import type { Reporter, TestModule } from 'vitest/node'

/**
 * CI reads a last line of the plain form `N passed, N failed`; vitest's own summary is not read.
 * Unhandled errors count as failures, and a run that executed no test fails.
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0
    let failed = unhandledErrors.length
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0)
        failed++
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
      }
    }
    if (passed === 0 || failed > 0) process.exitCode = 1
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
  }
}
