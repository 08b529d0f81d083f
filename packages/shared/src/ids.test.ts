import { describe, expect, it } from 'vitest';
import { idSkeleton, reservedReason } from './ids.js';
import { diffPermissions, permissionSetKey, permissionsGrow } from './permissions/diff.js';
import { queryToken, searchTokens } from './search/tokens.js';

describe('confusable skeletons', () => {
  it('map look-alike ids together and keep different ones apart', () => {
    expect(idSkeleton('acme.motor-driver')).toBe(idSkeleton('acrne.motor-driver'));
    expect(idSkeleton('acme.motor-driver')).toBe(idSkeleton('acme.m0tor-driver'));
    expect(idSkeleton('paypal.tools')).toBe(idSkeleton('paypa1.tools'));
    expect(idSkeleton('acme.motor-driver')).not.toBe(idSkeleton('acme.servo-driver'));
  });

  it('reserve the marketplace names, look-alikes included', () => {
    expect(reservedReason('mlebotics.tools')).toMatch(/publisher name "mlebotics" is reserved/);
    expect(reservedReason('m1ebotics.tools')).toMatch(/reserved/);
    expect(reservedReason('acme.official')).toMatch(/plugin name "official" is reserved/);
    expect(reservedReason('acme.tools')).toBeUndefined();
  });
});

describe('permission diffs', () => {
  const fetch = (hosts: string[]) => ({
    name: 'network:fetch' as const,
    reason: 'Reads the weather service',
    hosts: hosts as [string, ...string[]],
  });
  it('name added, removed and changed permissions and scopes', () => {
    const diff = diffPermissions(
      [fetch(['a.example.com']), { name: 'sensors:read', reason: 'Reads the sensors' }],
      [fetch(['a.example.com', 'b.example.com'])],
    );
    expect(diff).toEqual({
      added: [],
      removed: [{ name: 'sensors:read', reason: 'Reads the sensors' }],
      changed: [{ name: 'network:fetch', added: ['b.example.com'], removed: [] }],
    });
    expect(permissionsGrow(diff)).toBe(true);
    expect(
      permissionsGrow(diffPermissions([fetch(['a.example.com', 'b.example.com'])], [fetch(['a.example.com'])])),
    ).toBe(false);
  });

  it('compare permission sets regardless of order and reasons', () => {
    expect(permissionSetKey([fetch(['b.example.com', 'a.example.com']), { name: 'ui:panel', reason: 'x' }])).toBe(
      permissionSetKey([{ name: 'ui:panel', reason: 'y' }, fetch(['a.example.com', 'b.example.com'])]),
    );
  });
});

describe('search tokens', () => {
  it('index prefixes of name, id, keywords and summary, and query the longest word', () => {
    const tokens = searchTokens({
      id: 'acme.thermo-sense',
      name: 'ThermoSense Pro',
      summary: 'Reads temperature sensors',
      keywords: ['climate'],
      publisherId: 'acme',
    });
    expect(tokens).toEqual(
      expect.arrayContaining(['th', 'thermosense', 'ther', 'cl', 'climate', 'temp', 'temperature', 'sensors', 'ac']),
    );
    expect(tokens).not.toContain('t');
    expect(queryToken('  Temperature of ')).toBe('temperature');
    expect(queryToken('a')).toBeUndefined();
    expect(queryToken('Café')).toBe('cafe');
  });
});
