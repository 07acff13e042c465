// Prints the test totals of a run as one line, `N passed, N failed`, from vitest's JSON report
// and pytest's JUnit XML (either may be missing when its runner could not start: that counts as
// one failure, so a broken run never reads as green).
import { readFileSync } from 'node:fs';

const [vitestFile, pytestFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;

try {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
  if (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0) failed += report.numFailedTestSuites || 1;
} catch {
  console.error(`no vitest report at ${vitestFile}`);
  failed += 1;
}

if (pytestFile) {
  try {
    const xml = readFileSync(pytestFile, 'utf8');
    const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
    const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    const total = attr('tests');
    const bad = attr('failures') + attr('errors');
    passed += total - bad - attr('skipped');
    failed += bad;
  } catch {
    console.error(`no pytest report at ${pytestFile}`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed`);
