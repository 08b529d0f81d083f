// After a vitest run: repeat what failed at the very end of the output, so a log read from its
// tail (CI keeps only the last lines) still names the failing file, test and error.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** vitest arguments that make it also write a JSON report for `summarizeFailures`. */
export function jsonReportArgs(file) {
  rmSync(file, { force: true });
  return ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
}

/** Prints every failed test (and every file that failed to run) of a vitest JSON report. */
export function summarizeFailures(file, label) {
  if (!existsSync(file)) {
    console.log(`\n${label}: no test report was written (${file}); see the output above.`);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const lines = [];
  for (const result of report.testResults ?? []) {
    const name = path.relative(process.cwd(), result.name);
    const failedTests = (result.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) {
      lines.push(`  ✖ ${name} › ${t.fullName}`);
      lines.push(...firstLines(t.failureMessages?.join('\n')));
    }
    if (result.status === 'failed' && failedTests.length === 0) {
      lines.push(`  ✖ ${name} (the file failed to run)`);
      lines.push(...firstLines(result.message));
    }
  }
  if (lines.length === 0) return;
  console.log(`\n${label}: ${report.numFailedTests ?? '?'} failed of ${report.numTotalTests ?? '?'}`);
  console.log(lines.join('\n'));
}

function firstLines(text = '', count = 6) {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('/node_modules/'))
    .slice(0, count)
    .map((l) => `      ${l.slice(0, 300)}`);
}
