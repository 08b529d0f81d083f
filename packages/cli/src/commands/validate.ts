// `mlebotics-plugin validate <dir|file.tgz>`: the marketplace's own checks and scan, locally.
import { packDirectory, validatePackageBytes, validatePackageFile } from '@mlebotics/shared/node';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { formatScan } from '../scan-report.js';
import { usage } from '../usage.js';
import { formatIssues } from './format-issues.js';

async function validateTarget(target: string) {
  const info = await stat(target).catch(() => usage(`${target} does not exist.`));
  // The same scan as an upload, without the marketplace's inputs (other listings, blocklist).
  if (info.isDirectory()) return validatePackageBytes(await packDirectory(target), undefined, {});
  return validatePackageFile(target, undefined, {});
}

/** `mlebotics-plugin validate` (see its help in help.ts). */
export async function cmdValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, strict: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) usage('validate takes one <dir|file.tgz>.');
  const result = await validateTarget(positionals[0]!);
  const { scan } = result;
  if (values.json) {
    io.out(
      `${JSON.stringify({
        ok: result.ok,
        errors: result.errors,
        ...(result.manifest ? { manifest: result.manifest } : {}),
        ...(result.sha256 ? { sha256: result.sha256 } : {}),
        ...(scan ? { scan } : {}),
      })}\n`,
    );
  } else {
    if (result.ok) {
      io.out(`✔ ${result.manifest!.id}@${result.manifest!.version} is valid (sha256 ${result.sha256}).\n`);
    } else {
      io.err(
        `✖ ${positionals[0]} is not a valid plugin package (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}):\n${formatIssues(result.errors)}\n`,
      );
    }
    if (scan) (scan.outcome === 'passed' ? io.out : io.err)(formatScan(scan));
  }
  if (!result.ok || scan?.outcome === 'blocked') return 1;
  return values.strict && scan?.outcome === 'quarantined' ? 1 : 0;
}
