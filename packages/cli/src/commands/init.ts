// `mlebotics-plugin init <dir>`: scaffolds a plugin (JavaScript, or TypeScript with a build).
import { PLUGIN_ID } from '@mlebotics/shared/id-patterns';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { cliVersion } from '../help.js';
import { templateFiles } from '../templates.js';
import { typescriptTemplateFiles } from '../typescript-template.js';
import { usage } from '../usage.js';

/** `mlebotics-plugin init` (see its help in help.ts). */
export async function cmdInit(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { id: { type: 'string' }, name: { type: 'string' }, typescript: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) usage('init takes one <dir>.');
  const dir = positionals[0]!;
  const slug = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const id = values.id ?? `my-publisher.${slug.length >= 2 ? slug : 'my-plugin'}`;
  if (!PLUGIN_ID.test(id)) {
    usage(
      `--id ${JSON.stringify(id)} must look like <publisher>.<slug>: lowercase letters, digits and single hyphens.`,
    );
  }
  if (existsSync(dir) && (await readdir(dir)).length > 0)
    usage(`${dir} is not empty; init only writes into a new or empty directory.`);
  await mkdir(dir, { recursive: true });
  const name = values.name ?? 'My Plugin';
  const files = values.typescript
    ? typescriptTemplateFiles({ id, name, cliVersion: cliVersion() })
    : templateFiles({ id, name });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  const next = values.typescript
    ? `cd ${dir} && npm install && npm run validate`
    : `mlebotics-plugin validate ${dir} && mlebotics-plugin pack ${dir}`;
  io.out(`✔ created ${Object.keys(files).join(', ')} in ${dir}\n  next: ${next}\n`);
  return 0;
}
