import { describe, expect, it } from 'vitest';
import type { Permission } from '../manifest/manifest.generated.js';
import { describePolicy, highestRisk, policyOf, policyViolation, riskOf } from './policy.js';

const p = (name: string, extra: Partial<Permission> = {}) => ({ name, reason: 'test', ...extra }) as Permission;
const listing = { publisherId: 'botworks', visibility: 'public' };

describe('install policy', () => {
  it('labels each refused permission with its own risk, not the highest one', () => {
    const policy = { ...policyOf({}), maxRisk: 'low' as const };
    const message = policyViolation(policy, 'acme', listing, [
      p('sensors:read'),
      p('network:fetch', { hosts: ['api.example.com'] }),
      p('actuators:command'),
      p('secrets:read', { secrets: ['KEY'] }),
    ]);
    expect(message).toContain('network:fetch (medium)');
    expect(message).toContain('actuators:command (high)');
    expect(message).toContain('secrets:read (high)');
    expect(message).not.toContain('sensors:read');
  });

  it('allows what is within the limit and names nothing', () => {
    const policy = { ...policyOf({}), maxRisk: 'medium' as const };
    expect(policyViolation(policy, 'acme', listing, [p('sensors:read'), p('notifications:send')])).toBeUndefined();
    expect(highestRisk([p('sensors:read'), p('notifications:send')])).toBe('medium');
    expect(highestRisk([])).toBe('low');
  });

  it('counts a permission the catalogue does not know as high risk, and says so', () => {
    expect(riskOf(p('teleport:now'))).toBe('high');
    const policy = { ...policyOf({}), maxRisk: 'medium' as const };
    expect(policyViolation(policy, 'acme', listing, [p('teleport:now')])).toContain('teleport:now (high)');
  });

  it('applies internal-only, blocked and allowed publishers before risk', () => {
    expect(policyViolation({ ...policyOf({}), internalOnly: true }, 'acme', listing, [])).toMatch(
      /internal plugins only/,
    );
    expect(
      policyViolation(
        { ...policyOf({}), internalOnly: true },
        'acme',
        { ...listing, visibility: 'private', privateOrgId: 'acme' },
        [],
      ),
    ).toBeUndefined();
    expect(policyViolation({ ...policyOf({}), blockedPublishers: ['botworks'] }, 'acme', listing, [])).toMatch(
      /blocked/,
    );
    expect(policyViolation({ ...policyOf({}), allowedPublishers: ['other'] }, 'acme', listing, [])).toMatch(
      /only allows/,
    );
    expect(describePolicy({ ...policyOf({}), internalOnly: true, blockedPublishers: ['x'] })).toBe(
      'Organization policy: internal (private) plugins only; permissions up to high risk; publishers x blocked.',
    );
  });
});
