// A package's validation problems as `validate` and `pack` print them: code, where, message, fix.
import type { ValidationIssue } from '@mlebotics/shared';
import { ERROR_CODES } from '@mlebotics/shared/errors';

/** One block per problem, each with the error code's advice. */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => {
      // Code issues start their message with file:line:column already.
      const at = issue.path && !issue.message.startsWith(`${issue.path}: `) ? `  at ${issue.path}` : '';
      return `  ✖ ${issue.code}${at}\n    ${issue.message}\n    fix: ${ERROR_CODES[issue.code].fix}`;
    })
    .join('\n');
}
