// `mlebotics-plugin pack <dir>`: a deterministic package of a directory, validated first.
import { packDirectory, sha256Hex, validatePackageBytes } from '@mlebotics/shared/node';
import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { usage } from '../usage.js';
import { formatIssues } from './format-issues.js';

/** `mlebotics-plugin pack` (see its help in help.ts). */
export async function cmdPack(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) usage('pack takes one <dir>.');
  const dir = positionals[0]!;
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) usage(`${dir} is not a directory.`);
  const bytes = await packDirectory(dir);
  const result = await validatePackageBytes(bytes);
  if (!result.ok) {
    io.err(`✖ ${dir} does not make a valid package:\n${formatIssues(result.errors)}\n`);
    return 1;
  }
  const manifest = result.manifest!;
  const output = values.output ?? `${manifest.id}-${manifest.version}.tgz`;
  await writeFile(output, bytes);
  io.out(`✔ wrote ${output} (${bytes.length} bytes, sha256 ${sha256Hex(bytes)})\n`);
  return 0;
}
