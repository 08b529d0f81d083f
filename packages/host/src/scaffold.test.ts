import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { PluginManifest } from '@mlebotics/shared';
import { templateFiles } from '../../cli/src/templates.js';
import { load } from './load.js';
import { recordingServices, signedPlugin } from './test-support.js';

describe('plugins as authors write them', () => {
  it('runs the step `mlebotics-plugin init` scaffolds', async () => {
    const files = templateFiles({ id: 'acme.greeter', name: 'Greeter' });
    const manifest = JSON.parse(files['plugin.json']!) as PluginManifest;
    const plugin = await signedPlugin(manifest, files);
    const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, []);
    const { services, audit } = recordingServices();
    await expect(loaded.runStep('greet', { name: 'Ada' }, { services, audit })).resolves.toMatchObject({
      output: { greeting: 'Hello, Ada!' },
    });
  });

  it('runs the example Unit Convert step as published', async () => {
    const dir = new URL('../../../examples/unit-convert/', import.meta.url);
    const read = (name: string) => readFile(new URL(name, dir), 'utf8');
    const manifest = JSON.parse(await read('plugin.json')) as PluginManifest;
    const plugin = await signedPlugin(manifest, {
      'index.js': await read('index.js'),
      'README.md': await read('README.md'),
      'icon.svg': await read('icon.svg'),
    });
    const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, manifest.permissions);
    const { services, audit } = recordingServices();
    const { output } = await loaded.runStep('convert', { value: 100, from: 'c', to: 'f' }, { services, audit });
    expect(output).toEqual({ value: 212, unit: 'f' });
  });
});
