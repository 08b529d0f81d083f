import { describe, expect, it } from 'vitest';
import { jpegHeader, pngHeader, webpHeader } from '../package/image-fixtures.js';
import { validateManifestValue } from './validate.js';

const enc = new TextEncoder();
const base = {
  id: 'acme.battery',
  name: 'Battery Monitor',
  version: '1.2.0',
  description: 'Watches battery levels and notifies the team.',
  publisher: 'acme',
  license: 'MIT',
  categories: ['monitoring'],
  keywords: ['battery'],
  capabilities: [
    {
      type: 'automation-step',
      id: 'check',
      title: 'Check',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object' },
    },
  ],
  permissions: [],
  main: 'index.js',
  engines: { platform: '^1.0.0' },
  icon: 'icon.png',
  readme: 'README.md',
  repository: 'https://github.com/acme/battery',
};

function check(extra: Record<string, unknown>, contents: Record<string, Uint8Array>) {
  const all: Record<string, Uint8Array> = {
    'index.js': enc.encode('export default {}'),
    'icon.png': pngHeader(64, 64),
    'README.md': enc.encode('# Battery'),
    ...contents,
  };
  return validateManifestValue(
    { ...base, ...extra },
    {
      files: new Map(Object.entries(all).map(([k, v]) => [k, v.byteLength])),
      contents: new Map(Object.entries(all)),
    },
  );
}

describe('screenshots and changelog in the manifest', () => {
  it('accepts up to 5 captioned PNG, JPEG and WebP screenshots and a changelog with this version', () => {
    const result = check(
      {
        changelog: 'CHANGELOG.md',
        screenshots: [
          { path: 'shots/a.png', caption: 'Dashboard' },
          { path: 'shots/b.jpg', caption: 'Alert settings' },
          { path: 'shots/c.webp', caption: 'History' },
        ],
      },
      {
        'CHANGELOG.md': enc.encode('# Changelog\n\n## [1.2.0] - 2026-12-01\n- Alerts\n'),
        'shots/a.png': pngHeader(1280, 800),
        'shots/b.jpg': jpegHeader(1920, 1080),
        'shots/c.webp': webpHeader(640, 400),
      },
    );
    expect(result.issues).toEqual([]);
    expect(result.manifest?.screenshots).toHaveLength(3);
  });

  it('refuses a sixth screenshot, one without a caption, and names where', () => {
    const shot = { path: 'a.png', caption: 'x' };
    const six = check({ screenshots: [shot, shot, shot, shot, shot, shot] }, { 'a.png': pngHeader(800, 600) });
    expect(six.issues.map((i) => i.path)).toContain('plugin.json#/screenshots');
    const uncaptioned = check({ screenshots: [{ path: 'a.png' }] }, { 'a.png': pngHeader(800, 600) });
    expect(uncaptioned.issues[0]?.path).toBe('plugin.json#/screenshots/0');
    expect(uncaptioned.issues[0]?.message).toMatch(/caption/);
  });

  it('judges a screenshot by its bytes, not its name', () => {
    const result = check(
      { screenshots: [{ path: 'shot.png', caption: 'Main' }] },
      { 'shot.png': jpegHeader(1024, 768) },
    );
    expect(result.issues).toEqual([]);
    const renamed = check(
      { screenshots: [{ path: 'shot.png', caption: 'Main' }] },
      { 'shot.png': enc.encode('<svg/>') },
    );
    expect(renamed.issues).toEqual([
      expect.objectContaining({ code: 'screenshot-invalid', path: 'plugin.json#/screenshots/0/path' }),
    ]);
  });
});
