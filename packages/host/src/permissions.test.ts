import { describe, expect, it } from 'vitest';
import { canonicalHost, effectivePermissions } from './permissions.js';

describe('canonicalHost', () => {
  it('spells hosts as URL.host does for https', () => {
    expect(canonicalHost('API.Example.com')).toBe('api.example.com');
    expect(canonicalHost('api.example.com:443')).toBe('api.example.com');
    expect(canonicalHost('api.example.com:8443')).toBe('api.example.com:8443');
    for (const bad of ['', 'a/b', 'user@host.com', 'host.com?x', 'a b', 'host:99999']) {
      expect(canonicalHost(bad), bad).toBeUndefined();
    }
  });
});

describe('effectivePermissions', () => {
  it('keeps only declared and granted permissions, with narrowed scopes', () => {
    const effective = effectivePermissions(
      [
        { name: 'network:fetch', reason: 'r', hosts: ['api.example.com', 'feed.example.com:8443'] },
        { name: 'secrets:read', reason: 'r', secrets: ['A', 'B'] },
        { name: 'sensors:read', reason: 'r' },
        { name: 'storage:plugin', reason: 'r' },
      ],
      [
        { name: 'network:fetch', reason: 'r', hosts: ['API.example.com:443', 'other.example.com'] },
        { name: 'secrets:read', reason: 'r', secrets: ['C'] },
        { name: 'sensors:read', reason: 'r' },
        { name: 'actuators:command', reason: 'not declared' },
      ],
    );
    expect([...effective.names]).toEqual(['network:fetch', 'sensors:read']);
    expect([...effective.fetchHosts]).toEqual(['api.example.com']);
    expect([...effective.secrets]).toEqual([]);
    expect(effective.list).toEqual([
      { name: 'network:fetch', reason: 'r', hosts: ['api.example.com'] },
      { name: 'sensors:read', reason: 'r' },
    ]);
  });
});
