import { verifyArtifact } from '@mlebotics/plugin-host/verify';
import {
  ERROR_CODES,
  PLUGIN_ID,
  verifyEnvelope,
  type DsseEnvelope,
  type TrustedKey,
  type ValidationIssue,
} from '@mlebotics/shared';
import { packDirectory, sha256Hex, validatePackageBytes, validatePackageFile } from '@mlebotics/shared/node';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cmdPublish } from './commands/publish.js';
import { cmdPanel } from './commands/panel.js';
import { cmdRun } from './commands/run.js';
import { COMMAND_HELP, USAGE, cliVersion, type Command } from './help.js';
import { formatScan } from './scan-report.js';
import { templateFiles } from './templates.js';
import { typescriptTemplateFiles } from './typescript-template.js';
import { UsageError, usage } from './usage.js';

/** Where the CLI writes; tests capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

function formatIssues(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => {
      // Code issues start their message with file:line:column already.
      const at = issue.path && !issue.message.startsWith(`${issue.path}: `) ? `  at ${issue.path}` : '';
      return `  ✖ ${issue.code}${at}\n    ${issue.message}\n    fix: ${ERROR_CODES[issue.code].fix}`;
    })
    .join('\n');
}

async function validateTarget(target: string) {
  const info = await stat(target).catch(() => usage(`${target} does not exist.`));
  // The same scan as an upload, without the marketplace's inputs (other listings, blocklist).
  if (info.isDirectory()) return validatePackageBytes(await packDirectory(target), undefined, {});
  return validatePackageFile(target, undefined, {});
}

async function cmdValidate(args: string[], io: Io): Promise<number> {
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

async function cmdPack(args: string[], io: Io): Promise<number> {
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

async function cmdInit(args: string[], io: Io): Promise<number> {
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

async function keysFromEmulator(): Promise<TrustedKey[]> {
  const host = process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080';
  const project = process.env.GCLOUD_PROJECT ?? 'demo-mlebotics';
  const url = `http://${host}/v1/projects/${project}/databases/(default)/documents/signingKeys?pageSize=300`;
  const res = await fetch(url, { headers: { Authorization: 'Bearer owner' } }).catch((error: Error) => {
    throw new Error(`Cannot reach the Firestore emulator at ${host} (${error.message}). Is \`npm start\` running?`);
  });
  if (!res.ok) throw new Error(`Reading signingKeys from the emulator failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    documents?: Array<{ name: string; fields: Record<string, { stringValue?: string }> }>;
  };
  return (body.documents ?? []).map((d) => ({
    keyId: d.name.split('/').pop()!,
    publicKeyPem: d.fields.publicKeyPem?.stringValue ?? '',
    status: (d.fields.status?.stringValue ?? 'revoked') as TrustedKey['status'],
  }));
}

async function cmdVerify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { envelope: { type: 'string' }, key: { type: 'string' }, 'keys-from-emulator': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) usage('verify takes one <file.tgz>.');
  if (!values.envelope) usage('verify needs --envelope <file> (the .dsse.json published beside the package).');
  if (!values.key === !values['keys-from-emulator'])
    usage('verify needs exactly one of --key <public.pem> or --keys-from-emulator.');
  const envelope = JSON.parse(await readFile(values.envelope, 'utf8')) as DsseEnvelope;
  let keys: TrustedKey[];
  if (values.key) {
    const pem = await readFile(values.key, 'utf8');
    // A key given by hand is trusted for the signatures that name any key id.
    keys = envelope.signatures.map((s) => ({ keyId: s.keyid, publicKeyPem: pem, status: 'active' as const }));
  } else {
    keys = await keysFromEmulator();
  }
  const signed = verifyEnvelope(envelope, keys);
  if (!signed.ok) {
    io.err(`✖ signature check failed: ${signed.reason}\n`);
    return 1;
  }
  // The platform's own check (packages/host): signature, subject, package and file digests,
  // manifest digest and permissions — exactly what runs before a plugin is loaded.
  const { pluginId, version } = signed.statement.predicate;
  const verified = await verifyArtifact({
    artifact: new Uint8Array(await readFile(positionals[0]!)),
    envelope,
    trustedKeys: keys,
    pluginId,
    version,
  });
  if (!verified.ok) {
    io.err(`✖ ${verified.reason}\n`);
    return 1;
  }
  io.out(
    `✔ ${pluginId}@${version} verified: signed by ${verified.keyId}, sha256 ${verified.sha256}, ${verified.files.size} files match.\n`,
  );
  return 0;
}

const COMMANDS: Record<Command, (args: string[], io: Io) => Promise<number>> = {
  init: cmdInit,
  validate: cmdValidate,
  pack: cmdPack,
  verify: cmdVerify,
  run: cmdRun,
  panel: cmdPanel,
  publish: cmdPublish,
};

const isCommand = (name: string | undefined): name is Command => name !== undefined && Object.hasOwn(COMMANDS, name);

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command)) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(COMMAND_HELP[command]);
        return 0;
      }
      return await COMMANDS[command](rest, io);
    }
    switch (command) {
      case '-v':
      case '--version':
        io.out(`${cliVersion()}\n`);
        return 0;
      case 'help':
        if (isCommand(rest[0])) {
          io.out(COMMAND_HELP[rest[0]]);
          return 0;
        }
        if (rest.length > 0) usage(`Unknown command ${JSON.stringify(rest[0])}.`);
        io.out(USAGE);
        return 0;
      case undefined:
      case '-h':
      case '--help':
        io.out(USAGE);
        return command ? 0 : 2;
      default:
        usage(`Unknown command ${JSON.stringify(command)}.`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${isCommand(command) ? COMMAND_HELP[command] : USAGE}`);
      return 2;
    }
    io.err(`✖ ${(error as Error).message}\n`);
    return 1;
  }
}
