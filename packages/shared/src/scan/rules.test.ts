import { describe, expect, it } from 'vitest';
import { SCAN_RULES, scanRule } from './rules.js';
import { scanKindSchema, scanSeveritySchema } from './types.js';

describe('SCAN_RULES', () => {
  it('gives every rule an id, a kind, a severity, a title and a fix', () => {
    for (const rule of SCAN_RULES) {
      expect(rule.id, JSON.stringify(rule)).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(scanKindSchema.options).toContain(rule.kind);
      expect(rule.id.split('.')[0], rule.id).toBe(rule.kind);
      expect(scanSeveritySchema.options).toContain(rule.severity);
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(rule.fix.length, rule.id).toBeGreaterThan(20);
    }
  });

  it('has unique ids', () => {
    const ids = SCAN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives pattern rules global patterns (matchAll needs them)', () => {
    for (const rule of SCAN_RULES.filter((r) => r.pattern)) expect(rule.pattern!.flags, rule.id).toContain('g');
  });

  it('blocks secrets (except test-mode keys) and blocklisted content, and quarantines the rest', () => {
    expect(scanRule('secret.aws-access-key').severity).toBe('block');
    expect(scanRule('secret.stripe-test-key').severity).toBe('low');
    expect(scanRule('blocklist.file').severity).toBe('block');
    expect(scanRule('reach.undeclared-host').severity).toBe('quarantine');
    expect(() => scanRule('secret.nope')).toThrow(/No scan rule/);
  });
});
