/**
 * `@exec-automator/core/testing`: The pre-deployment test-case format and its runner.
 *
 * @packageDocumentation
 */
export {
  recordedResponseSchema,
  runConfigSchema,
  testCaseSchema,
  testExpectationSchema,
  testSuiteSchema,
  type TestCase,
  type TestSuite,
} from '../schemas/test-case.js';
export {
  checkExpectations,
  loadTestSuite,
  runTestCase,
  type RunTestCaseOptions,
  type TestCaseResult,
} from '../testing/test-runner.js';
export { partialMismatches, readPath } from '../testing/expectations.js';
