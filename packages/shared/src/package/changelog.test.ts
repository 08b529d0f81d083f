import { describe, expect, it } from 'vitest';
import { releaseNotes } from './changelog.js';

const CHANGELOG = `# Changelog

All notable changes.

## [Unreleased]

- Work in progress

## [1.2.0] - 2026-11-30

### Added
- Battery level alerts

\`\`\`
## 1.1.0 inside a code block is not a heading
\`\`\`

## v1.1.0 (2026-10-01)

Fixed the sensor id.

## 1.0.0
`;

describe('releaseNotes', () => {
  it('takes the section of one version, with its sub-headings and code, up to the next version', () => {
    expect(releaseNotes(CHANGELOG, '1.2.0')).toBe(
      '### Added\n- Battery level alerts\n\n```\n## 1.1.0 inside a code block is not a heading\n```',
    );
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('Fixed the sensor id.');
  });

  it('is empty for an empty section and undefined for a missing one', () => {
    expect(releaseNotes(CHANGELOG, '1.0.0')).toBe('');
    expect(releaseNotes(CHANGELOG, '2.0.0')).toBeUndefined();
    expect(releaseNotes(CHANGELOG, '1.2')).toBeUndefined();
  });

  it('does not match a version that only starts the same', () => {
    expect(releaseNotes('## 1.2.0-beta.1\nbeta\n## 1.2.0\nfinal\n', '1.2.0')).toBe('final');
    expect(releaseNotes('## 1.2.0-beta.1\nbeta\n', '1.2.0-beta.1')).toBe('beta');
  });

  it('accepts Windows line endings', () => {
    expect(releaseNotes('## 1.0.0\r\nFirst\r\n', '1.0.0')).toBe('First');
  });
});
