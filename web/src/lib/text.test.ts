import { describe, expect, it } from 'vitest';
import { sentence } from './text';

describe('sentence', () => {
  it('ends a reason with a full stop once', () => {
    expect(sentence('Leaks tokens')).toBe('Leaks tokens.');
    expect(sentence('  Leaks tokens.  ')).toBe('Leaks tokens.');
    expect(sentence('Really?')).toBe('Really?');
    expect(sentence('Wait…')).toBe('Wait…');
    expect(sentence('')).toBe('');
  });
});
