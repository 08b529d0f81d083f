import { describe, expect, it } from 'vitest';
import type { Permission } from '../manifest/manifest.generated.js';
import { diffPermissions, isEmptyDiff, permissionSetKey, permissionsGrow, type PermissionDiff } from './diff.js';

const fetch = (...hosts: string[]): Permission => ({
  name: 'network:fetch',
  reason: 'Reads the weather service',
  hosts: hosts as [string, ...string[]],
});
const secrets = (...names: string[]): Permission => ({
  name: 'secrets:read',
  reason: 'Signs requests with the API key',
  secrets: names as [string, ...string[]],
});
const sensors: Permission = { name: 'sensors:read', reason: 'Reads the temperature' };
const panel: Permission = { name: 'ui:panel', reason: 'Shows the forecast' };
const actuators: Permission = { name: 'actuators:command', reason: 'Opens the vents' };

const EMPTY: PermissionDiff = { added: [], removed: [], changed: [] };

describe('diffPermissions', () => {
  it('is empty for identical sets, and for two empty sets', () => {
    const set = [fetch('api.weather.com'), secrets('WEATHER_KEY'), sensors];
    expect(diffPermissions(set, set)).toEqual(EMPTY);
    expect(diffPermissions([], [])).toEqual(EMPTY);
  });

  it('reports whole permissions added and removed, as the permission objects', () => {
    expect(diffPermissions([sensors], [sensors, panel, fetch('api.weather.com')])).toEqual({
      added: [panel, fetch('api.weather.com')],
      removed: [],
      changed: [],
    });
    expect(diffPermissions([sensors, panel, actuators], [panel])).toEqual({
      added: [],
      removed: [sensors, actuators],
      changed: [],
    });
    expect(diffPermissions([], [secrets('A')]).added).toEqual([secrets('A')]);
    expect(diffPermissions([secrets('A')], []).removed).toEqual([secrets('A')]);
  });

  it('reports network:fetch hosts added and removed as a change, sorted', () => {
    const diff = diffPermissions(
      [fetch('b.example.com', 'keep.example.com', 'a.example.com')],
      [fetch('keep.example.com', 'z.example.com', 'c.example.com')],
    );
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          name: 'network:fetch',
          added: ['c.example.com', 'z.example.com'],
          removed: ['a.example.com', 'b.example.com'],
        },
      ],
    });
  });

  it('reports secrets:read names added and removed as a change', () => {
    expect(diffPermissions([secrets('OLD_KEY', 'SHARED')], [secrets('SHARED', 'NEW_KEY')])).toEqual({
      added: [],
      removed: [],
      changed: [{ name: 'secrets:read', added: ['NEW_KEY'], removed: ['OLD_KEY'] }],
    });
    expect(diffPermissions([secrets('A')], [secrets('A', 'B')]).changed).toEqual([
      { name: 'secrets:read', added: ['B'], removed: [] },
    ]);
    expect(diffPermissions([secrets('A', 'B')], [secrets('B')]).changed).toEqual([
      { name: 'secrets:read', added: [], removed: ['A'] },
    ]);
  });

  it('reports added, removed and changed permissions together, each in its own list', () => {
    const diff = diffPermissions(
      [sensors, fetch('api.weather.com'), secrets('K1')],
      [fetch('api.weather.com', 'tiles.weather.com'), secrets('K1'), panel],
    );
    expect(diff).toEqual({
      added: [panel],
      removed: [sensors],
      changed: [{ name: 'network:fetch', added: ['tiles.weather.com'], removed: [] }],
    });
  });

  it('ignores the reason: only names and scopes are permissions', () => {
    expect(
      diffPermissions([{ ...fetch('api.weather.com'), reason: 'old words' }], [{ ...fetch('api.weather.com') }]),
    ).toEqual(EMPTY);
    expect(diffPermissions([{ ...sensors, reason: 'x' }], [{ ...sensors, reason: 'y' }])).toEqual(EMPTY);
  });

  it('does not depend on the order of the permissions or of their scopes', () => {
    const before = [sensors, fetch('a.example.com', 'b.example.com'), secrets('K1', 'K2')];
    const after = [secrets('K2', 'K1'), fetch('b.example.com', 'a.example.com'), sensors];
    expect(diffPermissions(before, after)).toEqual(EMPTY);
    const grown = [panel, fetch('c.example.com', 'b.example.com', 'a.example.com'), secrets('K2'), sensors];
    const expected = {
      added: [panel],
      removed: [],
      changed: [
        { name: 'network:fetch', added: ['c.example.com'], removed: [] },
        { name: 'secrets:read', added: [], removed: ['K1'] },
      ],
    };
    expect(diffPermissions(before, grown)).toEqual(expected);
    expect(diffPermissions([...before].reverse(), grown)).toEqual(expected);
  });

  it('counts a scope entry listed twice once', () => {
    expect(diffPermissions([fetch('a.example.com', 'a.example.com')], [fetch('a.example.com')])).toEqual(EMPTY);
    expect(diffPermissions([secrets('K')], [secrets('K', 'K', 'L', 'L')]).changed).toEqual([
      { name: 'secrets:read', added: ['L'], removed: [] },
    ]);
  });

  it('with a permission declared twice, reads its last entry (manifests with duplicates are rejected earlier)', () => {
    // validateManifestValue refuses such manifests with `permission-duplicate`; this pins what the
    // diff does with stored data anyway.
    const diff = diffPermissions([fetch('a.example.com')], [fetch('evil.example.com'), fetch('a.example.com')]);
    expect(diff).toEqual(EMPTY);
    expect(diffPermissions([fetch('a.example.com'), fetch('b.example.com')], [fetch('b.example.com')])).toEqual(EMPTY);
  });
});

describe('permissionsGrow', () => {
  it('is true when a permission is added', () => {
    expect(permissionsGrow(diffPermissions([sensors], [sensors, panel]))).toBe(true);
  });

  it('is true when a host or a secret is added, even if another is removed', () => {
    expect(permissionsGrow(diffPermissions([fetch('a.example.com')], [fetch('b.example.com')]))).toBe(true);
    expect(permissionsGrow(diffPermissions([secrets('A')], [secrets('A', 'B')]))).toBe(true);
  });

  it('is false when permissions or scopes are only removed, or nothing changes', () => {
    expect(permissionsGrow(diffPermissions([sensors, panel], [panel]))).toBe(false);
    expect(permissionsGrow(diffPermissions([fetch('a.example.com', 'b.example.com')], [fetch('a.example.com')]))).toBe(
      false,
    );
    expect(permissionsGrow(diffPermissions([secrets('A', 'B')], [secrets('B')]))).toBe(false);
    expect(permissionsGrow(diffPermissions([sensors], [sensors]))).toBe(false);
    expect(permissionsGrow(EMPTY)).toBe(false);
  });

  it('is true when one permission is swapped for another of the same count', () => {
    expect(permissionsGrow(diffPermissions([sensors], [actuators]))).toBe(true);
  });
});

describe('isEmptyDiff', () => {
  it('is true only when nothing was added, removed or changed', () => {
    expect(isEmptyDiff(EMPTY)).toBe(true);
    expect(isEmptyDiff(diffPermissions([sensors], [sensors]))).toBe(true);
    expect(isEmptyDiff(diffPermissions([], [sensors]))).toBe(false);
    expect(isEmptyDiff(diffPermissions([sensors], []))).toBe(false);
    expect(isEmptyDiff(diffPermissions([secrets('A', 'B')], [secrets('A')]))).toBe(false);
  });
});

describe('permissionSetKey', () => {
  it('is the same whatever the order of permissions and scopes, and ignores reasons', () => {
    const key = permissionSetKey([fetch('b.example.com', 'a.example.com'), sensors, secrets('K2', 'K1')]);
    expect(
      permissionSetKey([secrets('K1', 'K2'), { ...sensors, reason: 'other' }, fetch('a.example.com', 'b.example.com')]),
    ).toBe(key);
    expect(key).toBe(
      JSON.stringify([
        ['network:fetch', ['a.example.com', 'b.example.com']],
        ['secrets:read', ['K1', 'K2']],
        ['sensors:read', []],
      ]),
    );
  });

  it('differs when a permission, a host or a secret differs', () => {
    const key = permissionSetKey([fetch('a.example.com'), secrets('K1')]);
    expect(permissionSetKey([fetch('a.example.com'), secrets('K1'), panel])).not.toBe(key);
    expect(permissionSetKey([fetch('a.example.com')])).not.toBe(key);
    expect(permissionSetKey([fetch('b.example.com'), secrets('K1')])).not.toBe(key);
    expect(permissionSetKey([fetch('a.example.com', 'b.example.com'), secrets('K1')])).not.toBe(key);
    expect(permissionSetKey([fetch('a.example.com'), secrets('K2')])).not.toBe(key);
  });

  it('agrees with diffPermissions: equal keys exactly when the diff is empty', () => {
    const sets: Permission[][] = [
      [],
      [sensors],
      [sensors, panel],
      [fetch('a.example.com')],
      [fetch('a.example.com', 'b.example.com')],
      [fetch('b.example.com', 'a.example.com'), sensors],
      [secrets('K1')],
      [secrets('K1'), fetch('a.example.com')],
    ];
    for (const a of sets) {
      for (const b of sets) {
        expect(permissionSetKey(a) === permissionSetKey(b), `${permissionSetKey(a)} vs ${permissionSetKey(b)}`).toBe(
          isEmptyDiff(diffPermissions(a, b)),
        );
      }
    }
  });

  it('does not mutate its input (it sorts copies)', () => {
    const input = [sensors, fetch('b.example.com', 'a.example.com')];
    permissionSetKey(input);
    expect(input).toEqual([sensors, fetch('b.example.com', 'a.example.com')]);
  });
});
