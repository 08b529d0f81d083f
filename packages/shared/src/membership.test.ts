import { describe, expect, it } from 'vitest';
import { memberLabel } from './membership.js';

describe('memberLabel', () => {
  const record = {
    memberNames: { a: 'Ada', b: 'Bob', d: null },
    memberEmails: { a: 'ada@example.com', c: 'cy@example.com', d: null },
  };
  it('names a member by name and email, or whichever is known', () => {
    expect(memberLabel(record, 'a', 'Member')).toBe('Ada (ada@example.com)');
    expect(memberLabel(record, 'b', 'Member')).toBe('Bob');
    expect(memberLabel(record, 'c', 'Member')).toBe('cy@example.com');
  });
  it('falls back when neither was recorded, never showing the uid', () => {
    expect(memberLabel(record, 'd', 'Member')).toBe('Member');
    expect(memberLabel({}, 'zz', 'Member without a recorded email')).toBe('Member without a recorded email');
  });
});
