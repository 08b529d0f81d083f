// `mlebotics-plugin verify <file.tgz>`: a published package's signature, digests and files, checked
// as the platform checks them before loading a plugin.
import { verifyArtifact } from '@mlebotics/plugin-host/verify';
import type { DsseEnvelope, TrustedKey } from '@mlebotics/shared';
import { verifyEnvelope } from '@mlebotics/shared/signing/dsse';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from '../cli.js';
import { usage } from '../usage.js';

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

/** `mlebotics-plugin verify` (see its help in help.ts). */
export async function cmdVerify(args: string[], io: Io): Promise<number> {
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
