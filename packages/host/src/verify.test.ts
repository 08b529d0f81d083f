import { MANIFEST_FILE } from '@mlebotics/shared';
import { packFiles, sha256Hex } from '@mlebotics/shared/node';
import { describe, expect, it } from 'vitest';
import { PluginHostError } from './errors.js';
import { load } from './load.js';
import { manifestFor, sign, signedPlugin, signingKey } from './test-support.js';
import { verifyArtifact } from './verify.js';

const MAIN = `export default { steps: { echo: (input) => ({ text: input.text }) } };\n`;
const manifest = manifestFor('acme.verify', { echo: {} });

async function reason(input: Parameters<typeof verifyArtifact>[0]): Promise<string> {
  const result = await verifyArtifact(input);
  if (result.ok) throw new Error('expected verification to fail');
  return result.reason;
}

describe('verifyArtifact', () => {
  it('accepts a signed package and returns its manifest and every file', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN, 'lib/a.js': 'export const a = 1;\n' });
    const result = await verifyArtifact({
      ...plugin,
      trustedKeys: plugin.keys,
      pluginId: 'acme.verify',
      version: '1.0.0',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest).toEqual(manifest);
    expect([...result.files.keys()].sort()).toEqual(['README.md', 'icon.svg', 'index.js', 'lib/a.js', 'plugin.json']);
    expect(new TextDecoder().decode(result.files.get('index.js'))).toBe(MAIN);
    expect(result.keyId).toBe(plugin.key.trusted.keyId);
    expect(result.sha256).toBe(sha256Hex(plugin.artifact));
  });

  it('accepts a development build only for the organization it was signed for, never as a published version', async () => {
    const published = await signedPlugin(manifest, { 'index.js': MAIN });
    const dev = await signedPlugin(
      manifest,
      { 'index.js': MAIN },
      { tamper: (p) => (p.development = { orgId: 'lab' }) },
    );
    const subject = { pluginId: 'acme.verify', version: '1.0.0' };
    await expect(
      verifyArtifact({ ...dev, trustedKeys: dev.keys, ...subject, developmentOrgId: 'lab' }),
    ).resolves.toMatchObject({ ok: true });
    expect(await reason({ ...dev, trustedKeys: dev.keys, ...subject })).toBe(
      'acme.verify@1.0.0 is signed as a development build for "lab", not as a published version.',
    );
    expect(await reason({ ...dev, trustedKeys: dev.keys, ...subject, developmentOrgId: 'yard' })).toBe(
      'acme.verify@1.0.0 is signed as a development build for "lab", not for "yard".',
    );
    expect(await reason({ ...published, trustedKeys: published.keys, ...subject, developmentOrgId: 'lab' })).toBe(
      'acme.verify@1.0.0 is signed as a published version, not as a development build for "lab".',
    );
  });

  it('refuses a tampered artifact', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    const tampered = new Uint8Array(plugin.artifact);
    tampered[tampered.length - 20]! ^= 0xff;
    expect(
      await reason({
        ...plugin,
        artifact: tampered,
        trustedKeys: plugin.keys,
        pluginId: 'acme.verify',
        version: '1.0.0',
      }),
    ).toMatch(/differs from the signed .*altered/);
  });

  it('refuses another package signed for this subject', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    const other = await packFiles({ [MANIFEST_FILE]: JSON.stringify(manifest), 'index.js': 'evil()' });
    expect(
      await reason({ ...plugin, artifact: other, trustedKeys: plugin.keys, pluginId: 'acme.verify', version: '1.0.0' }),
    ).toMatch(/artifact was altered/);
  });

  it('refuses a signature by an unknown key and by a revoked key', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    const stranger = signingKey();
    expect(
      await reason({ ...plugin, trustedKeys: [stranger.trusted], pluginId: 'acme.verify', version: '1.0.0' }),
    ).toMatch(/not a published signing key/);
    // The same key id published with another public key: the signature does not verify.
    expect(
      await reason({
        ...plugin,
        trustedKeys: [{ ...stranger.trusted, keyId: plugin.key.trusted.keyId }],
        pluginId: 'acme.verify',
        version: '1.0.0',
      }),
    ).toMatch(/does not match the payload/);
    expect(
      await reason({
        ...plugin,
        trustedKeys: [{ ...plugin.key.trusted, status: 'revoked' }],
        pluginId: 'acme.verify',
        version: '1.0.0',
      }),
    ).toMatch(/revoked/);
    // A retired key's signatures still verify.
    const retired = await verifyArtifact({
      ...plugin,
      trustedKeys: [{ ...plugin.key.trusted, status: 'retired' }],
      pluginId: 'acme.verify',
      version: '1.0.0',
    });
    expect(retired.ok).toBe(true);
  });

  it('refuses a package for another plugin or version', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    expect(await reason({ ...plugin, trustedKeys: plugin.keys, pluginId: 'acme.other', version: '1.0.0' })).toMatch(
      /signature is for acme.verify@1.0.0, not acme.other@1.0.0/,
    );
    expect(await reason({ ...plugin, trustedKeys: plugin.keys, pluginId: 'acme.verify', version: '2.0.0' })).toMatch(
      /not acme.verify@2.0.0/,
    );
  });

  it('refuses a file that does not match its signed digest', async () => {
    const plugin = await signedPlugin(
      manifest,
      { 'index.js': MAIN },
      {
        tamper: (p) => {
          const file = p.files.find((f) => f.path === 'index.js')!;
          file.sha256 = sha256Hex('export default { steps: {} };\n');
        },
      },
    );
    expect(await reason({ ...plugin, trustedKeys: plugin.keys, pluginId: 'acme.verify', version: '1.0.0' })).toMatch(
      /"index.js" does not match its signed size and sha256/,
    );
  });

  it('refuses a package with a file the signed list does not name, or without one it names', async () => {
    const extra = await signedPlugin(
      manifest,
      { 'index.js': MAIN, 'lib/extra.js': 'x' },
      {
        tamper: (p) => {
          p.files = p.files.filter((f) => f.path !== 'lib/extra.js');
        },
      },
    );
    expect(await reason({ ...extra, trustedKeys: extra.keys, pluginId: 'acme.verify', version: '1.0.0' })).toMatch(
      /contains "lib\/extra.js", which is not in the signed file list/,
    );
    const missing = await signedPlugin(
      manifest,
      { 'index.js': MAIN },
      {
        tamper: (p) => {
          p.files.push({ path: 'lib/gone.js', size: 3, sha256: sha256Hex('abc') });
        },
      },
    );
    expect(await reason({ ...missing, trustedKeys: missing.keys, pluginId: 'acme.verify', version: '1.0.0' })).toMatch(
      /names "lib\/gone.js", missing from the package/,
    );
  });

  it('refuses a manifest that does not match the signed manifest digest or permissions', async () => {
    const digest = await signedPlugin(
      manifest,
      { 'index.js': MAIN },
      {
        tamper: (p) => {
          p.manifestSha256 = sha256Hex('{}');
        },
      },
    );
    expect(await reason({ ...digest, trustedKeys: digest.keys, pluginId: 'acme.verify', version: '1.0.0' })).toMatch(
      /plugin.json does not match the signed manifest sha256/,
    );
    const permissions = await signedPlugin(
      manifest,
      { 'index.js': MAIN },
      {
        tamper: (p) => {
          p.permissions = [{ name: 'secrets:read', reason: 'x', secrets: ['ALL'] }];
        },
      },
    );
    expect(
      await reason({ ...permissions, trustedKeys: permissions.keys, pluginId: 'acme.verify', version: '1.0.0' }),
    ).toMatch(/permissions differ/);
  });

  it('refuses an envelope whose payload was changed after signing', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    const statement = JSON.parse(Buffer.from(plugin.envelope.payload, 'base64').toString('utf8'));
    statement.predicate.permissions = [{ name: 'network:fetch', reason: 'x', hosts: ['evil.com'] }];
    const envelope = { ...plugin.envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') };
    expect(
      await reason({ ...plugin, envelope, trustedKeys: plugin.keys, pluginId: 'acme.verify', version: '1.0.0' }),
    ).toMatch(/does not match the payload/);
  });

  it('load() refuses with verification-failed and names the reason', async () => {
    const plugin = await signedPlugin(manifest, { 'index.js': MAIN });
    const revoked = [{ ...plugin.key.trusted, status: 'revoked' as const }];
    const error = await load(plugin.artifact, plugin.envelope, revoked, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginHostError);
    expect(error).toMatchObject({ code: 'verification-failed', message: expect.stringMatching(/revoked/) });
    const other = await load(plugin.artifact, plugin.envelope, plugin.keys, [], {
      pluginId: 'acme.x',
      version: '1.0.0',
    }).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'verification-failed' });
    // A signature made over another artifact's digest, re-signed by a trusted key, still fails.
    const envelope = sign(plugin.artifact, sha256Hex('other'), plugin.predicate, plugin.key);
    await expect(load(plugin.artifact, envelope, plugin.keys, [])).rejects.toMatchObject({
      code: 'verification-failed',
    });
  });
});
