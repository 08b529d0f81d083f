import {
  converters,
  membershipFields,
  createUpload,
  paths,
  publisherClaimKeys,
  type PluginManifest,
  type UploadDocument,
} from '@mlebotics/shared';
import { packFiles, sha256Hex } from '@mlebotics/shared/node';
import { manifestFor as sharedManifestFor } from '@mlebotics/shared/testing';
import { FieldValue } from 'firebase-admin/firestore';
import { doc, onSnapshot } from 'firebase/firestore';
import { ref, uploadBytes } from 'firebase/storage';
import { admin, adminDoc } from './admin.js';
import type { Client } from './client.js';

/** A valid manifest for `id` (`<publisher>.<slug>`) with its one `echo` step, and overrides. */
export const manifestFor = (id: string, overrides: Partial<PluginManifest> = {}): PluginManifest =>
  sharedManifestFor(id, undefined, overrides);

export const PLUGIN_MAIN = 'export default { steps: { async echo(input) { return { text: input.text }; } } };\n';
export const PLUGIN_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n';

/** The files of a valid plugin, with manifest overrides and extra or replaced files. */
export function pluginFiles(
  id: string,
  overrides: Partial<PluginManifest> = {},
  extra: Record<string, string | Uint8Array> = {},
): Record<string, string | Uint8Array> {
  const manifest = manifestFor(id, overrides);
  return {
    'plugin.json': JSON.stringify(manifest, null, 2),
    'index.js': PLUGIN_MAIN,
    'README.md': `# ${manifest.name}\n\n${manifest.description}\n`,
    'icon.svg': PLUGIN_ICON,
    ...extra,
  };
}

export function packPlugin(
  id: string,
  overrides: Partial<PluginManifest> = {},
  extra: Record<string, string | Uint8Array> = {},
) {
  return packFiles(pluginFiles(id, overrides, extra));
}

/**
 * Claims the skeletons of a publisher's id and display name (`publisherClaims/{skeleton}`), as
 * the createPublisher callable does, for publishers written with the Admin SDK (the seed, tests).
 * `ifTaken: 'throw'` fails when another publisher holds a look-alike (the seed: its demo publisher
 * must be protected); `'skip'` leaves that claim to its holder, like a publisher created before
 * claims existed. Returns whether every claim is now held by `publisherId`.
 */
export async function claimPublisherNames(
  publisherId: string,
  displayName: string,
  ifTaken: 'throw' | 'skip' = 'throw',
): Promise<boolean> {
  return admin.db.runTransaction(async (tx) => {
    const claims = publisherClaimKeys(publisherId, displayName).map((claim) => ({
      ...claim,
      ref: adminDoc(converters.publisherClaim, paths.publisherClaim(claim.key)),
    }));
    const held = await Promise.all(claims.map((c) => tx.get(c.ref)));
    let all = true;
    claims.forEach((claim, i) => {
      const holder = held[i]!.data()?.publisherId;
      if (holder === undefined) {
        tx.set(claim.ref, { publisherId, source: claim.source, createdAt: FieldValue.serverTimestamp() });
      } else if (holder !== publisherId) {
        if (ifTaken === 'throw')
          throw new Error(`The ${claim.source} of "${publisherId}" looks like the publisher "${holder}"'s.`);
        all = false;
      }
    });
    return all;
  });
}

/**
 * Creates a publisher with the given members (owner role) through the Admin SDK and claims its
 * names like the callable. A look-alike of an existing publisher is still created, unclaimed,
 * as one from before claims existed: the publish pipeline must refuse it on its own.
 */
export async function createPublisher(publisherId: string, memberUids: string[], verified = false): Promise<void> {
  const displayName = publisherId.replace(/-/g, ' ');
  await adminDoc(converters.publisher, paths.publisher(publisherId)).set({
    displayName,
    ...membershipFields(memberUids.map((uid) => ({ uid, role: 'owner' as const }))),
    verified,
    createdAt: FieldValue.serverTimestamp(),
  });
  await claimPublisherNames(publisherId, displayName, 'skip');
}

export type FinishedUpload = UploadDocument & { uploadId: string };

/**
 * Resolves with the upload document once the pipeline reached published, rejected, in-review or
 * development-ready. The
 * Functions emulator can take tens of seconds to dispatch a Storage event when many are queued.
 */
export function waitForUpload(client: Client, uploadId: string, timeoutMs = 180_000): Promise<FinishedUpload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`upload ${uploadId} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = onSnapshot(
      doc(client.db, paths.upload(uploadId)).withConverter(converters.upload),
      (snap) => {
        const data = snap.data();
        const finished = ['published', 'rejected', 'in-review', 'development-ready'];
        if (data && finished.includes(data.state)) {
          clearTimeout(timer);
          stop();
          resolve({ ...data, uploadId });
        }
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The developer's path: upload intent, upload to Storage, wait for the pipeline's verdict. */
export async function publishThroughUpload(
  client: Client,
  publisherId: string,
  bytes: Uint8Array,
  fileName = 'plugin.tgz',
  /** Upload a development build for this organization instead of publishing a version. */
  developmentOrgId?: string,
): Promise<FinishedUpload> {
  const intent = await client.call(createUpload, {
    publisherId,
    size: bytes.length,
    sha256: sha256Hex(bytes),
    fileName,
    ...(developmentOrgId ? { development: { orgId: developmentOrgId } } : {}),
  });
  const finished = waitForUpload(client, intent.uploadId);
  await uploadBytes(ref(client.storage, intent.objectPath), bytes, { contentType: 'application/gzip' });
  return finished;
}
