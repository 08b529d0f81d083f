import { ERROR_CODES, type ValidationIssue } from '@mlebotics/shared';

/** Validation issues, each with where it is and what to do about it. */
export function IssueList({ issues }: { issues: ValidationIssue[] }) {
  return (
    <ul className="issues" data-testid="issues">
      {issues.map((issue, i) => (
        <li key={i} className="alert-error">
          <strong>{issue.code}</strong>
          {issue.path && (
            <>
              {' '}
              at <code>{issue.path}</code>
            </>
          )}
          <div>{issue.message}</div>
          <div className="muted">What to do: {ERROR_CODES[issue.code]?.fix}</div>
        </li>
      ))}
    </ul>
  );
}
