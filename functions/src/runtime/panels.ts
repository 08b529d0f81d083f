import {
  PANEL_METHODS,
  allowedPanelMethods,
  panelFileHeaders,
  type CallableParsedInput,
  type OpenPanelOutput,
  type openPanel as openPanelContract,
  type panelBridge as panelBridgeContract,
  type UiPanel,
} from '@mlebotics/shared';
import { BridgeError, verifyArtifact } from '@mlebotics/plugin-host';
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { docs, type Stored } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { REGION, isEmulator, panelParams } from '../lib/config.js';
import { ApiError } from '../lib/errors.js';
import { installedArtifact, usableInstall } from './installed.js';
import { PlatformServices } from './services.js';

export const PANEL_SESSION_MS = 15 * 60 * 1000;
/** Vite's default dev server port (web/ runs on it under `npm start`). */
const VITE_DEV_PORT = 5173;

interface EmulatorInfo {
  host: string;
  port: number;
}

let emulators: Promise<Record<string, EmulatorInfo>> | undefined;
/** In the emulator, the Emulator Hub tells where functions and hosting run. */
function emulatorMap(): Promise<Record<string, EmulatorInfo>> {
  emulators ??= fetch(`http://${process.env.FIREBASE_EMULATOR_HUB}/emulators`).then(
    (r) => r.json() as Promise<Record<string, EmulatorInfo>>,
  );
  return emulators;
}

/**
 * The base URL of servePanel. In the emulator: the functions emulator on 127.0.0.1, a different
 * site from the console on localhost (sites compare host names, not ports).
 */
async function panelBase(): Promise<{ origin: string; base: string }> {
  if (isEmulator()) {
    const functions = (await emulatorMap()).functions!;
    const origin = `http://127.0.0.1:${functions.port}`;
    return { origin, base: `${origin}/${process.env.GCLOUD_PROJECT}/${REGION}/servePanel` };
  }
  const origin = panelParams.panelOrigin.value();
  if (!origin) throw new ApiError('not-found', 'UI panels are not configured here (PANEL_ORIGIN is not set).');
  return { origin, base: origin };
}

async function consoleOrigins(): Promise<string> {
  if (isEmulator()) {
    // The built console on the Hosting emulator, and the Vite dev server `npm start` runs.
    const ports = [(await emulatorMap()).hosting?.port, VITE_DEV_PORT].filter((p) => p !== undefined);
    return ports.map((port) => `http://localhost:${port} http://127.0.0.1:${port}`).join(' ');
  }
  return panelParams.consoleOrigins.value() || "'none'";
}

/** Opens a session for a `ui-panel` of an installed plugin and returns its URL. */
export async function openPanel(
  input: CallableParsedInput<typeof openPanelContract>,
  context: CallContext,
): Promise<OpenPanelOutput> {
  const install = await usableInstall(input.orgId, input.pluginId, context.uid);
  // A development build has no version document: its manifest is on the organization's build.
  const manifest = install.development
    ? (await docs.devBuild(input.orgId, input.pluginId).get()).data()?.manifest
    : (await docs.version(input.pluginId, install.version).get()).data()?.manifest;
  const panel = manifest?.capabilities.find((c): c is UiPanel => c.type === 'ui-panel' && c.id === input.panelId);
  if (!panel)
    throw new ApiError('not-found', `${input.pluginId} ${install.version} has no UI panel "${input.panelId}".`);
  if (!install.grantedPermissions.some((p) => p.name === 'ui:panel'))
    throw new ApiError('plugin-permission-denied', `${input.pluginId} was not granted ui:panel in this organization.`);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = Timestamp.fromMillis(Date.now() + PANEL_SESSION_MS);
  const methods = allowedPanelMethods(install.grantedPermissions);
  await docs.panelSession(token).create({
    orgId: input.orgId,
    pluginId: input.pluginId,
    version: install.version,
    panelId: panel.id,
    uid: context.uid,
    methods,
    expiresAt,
    // For a Firestore TTL policy on panelSessions.
    expireAt: expiresAt,
  });
  const { origin, base } = await panelBase();
  return {
    url: `${base}/panels/${token}/${panel.entry.split('/').map(encodeURIComponent).join('/')}`,
    session: token,
    origin,
    height: panel.height ?? 320,
    methods,
    expiresAt: expiresAt.toDate().toISOString(),
  };
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).set('Content-Type', 'text/plain; charset=utf-8').set('Cache-Control', 'no-store').send(message);
}

// A panel loads several files; unpacking and hashing the package for each would repeat the same
// work. The verified file map of a version is kept per warm instance, and reused only while the
// key that signed it is still published and not revoked (the keys are read on every request).
const verifiedCache = new Map<string, { keyId: string; files: Map<string, Uint8Array> }>();
const VERIFIED_CACHE_ENTRIES = 32;

async function verifiedFiles(
  orgId: string,
  pluginId: string,
  loaded: Awaited<ReturnType<typeof installedArtifact>>,
): Promise<{ ok: true; files: Map<string, Uint8Array> } | { ok: false; reason: string }> {
  const { version, development } = loaded.install;
  // Development builds of one version differ per upload and are signed per organization.
  const cacheKey = development ? `${pluginId}@${version}#${orgId}#${development.sha256}` : `${pluginId}@${version}`;
  const hit = verifiedCache.get(cacheKey);
  if (hit && loaded.keys.some((k) => k.keyId === hit.keyId && k.status !== 'revoked'))
    return { ok: true, files: hit.files };
  const verified = await verifyArtifact({
    artifact: loaded.artifact,
    envelope: loaded.envelope,
    trustedKeys: loaded.keys,
    pluginId,
    version,
    ...(development ? { developmentOrgId: orgId } : {}),
  });
  if (!verified.ok) {
    verifiedCache.delete(cacheKey);
    return verified;
  }
  if (verifiedCache.size >= VERIFIED_CACHE_ENTRIES) verifiedCache.delete(verifiedCache.keys().next().value!);
  verifiedCache.set(cacheKey, { keyId: verified.keyId, files: verified.files });
  return { ok: true, files: verified.files };
}

/**
 * Serves the files of an open panel session: `/panels/{token}/{path}`. The artifact is verified
 * (signature, package digest, every file's digest) before any byte of it is served. Responses
 * carry the panel's CSP; the console frames them in `<iframe sandbox="allow-scripts">`, so the
 * panel runs with an opaque origin, without the console's cookies or storage.
 */
export async function servePanel(req: Request, res: Response): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Panels are read with GET.');
  const match = /^\/panels\/([A-Za-z0-9_-]{20,64})\/(.+)$/.exec(req.path);
  if (!match) return refuse(res, 404, 'No such panel file.');
  const [, token, rawPath] = match as unknown as [string, string, string];
  let filePath: string;
  try {
    filePath = rawPath.split('/').map(decodeURIComponent).join('/');
  } catch {
    return refuse(res, 400, 'Malformed path.');
  }
  const session = (await docs.panelSession(token).get()).data();
  if (!session || session.expiresAt.toMillis() < Date.now())
    return refuse(res, 403, 'This panel session has expired; reopen the panel from the console.');
  const { orgId, pluginId, uid } = session;
  let loaded;
  try {
    loaded = await installedArtifact(orgId, pluginId, uid);
  } catch (error) {
    return refuse(res, 403, error instanceof ApiError ? error.message : 'The panel cannot be loaded.');
  }
  const verified = await verifiedFiles(orgId, pluginId, loaded);
  if (!verified.ok) return refuse(res, 502, `The plugin failed verification: ${verified.reason}`);
  const file = verified.files.get(filePath);
  if (!file) return refuse(res, 404, `The package has no file ${filePath}.`);
  // The headers (CSP included) are shared with the CLI's local panel host (`mlebotics-plugin panel`).
  res
    .status(200)
    .set(panelFileHeaders(filePath, loaded.install.grantedPermissions, await consoleOrigins()))
    .set('Cache-Control', 'private, no-store')
    .send(Buffer.from(file));
}

/** Why a panel bridge call has no live session behind it, or undefined when it has one. */
function sessionProblem(
  data: Stored<'panelSession'> | undefined,
  input: CallableParsedInput<typeof panelBridgeContract>,
  uid: string,
  version: string,
): string | undefined {
  if (!data) return 'There is no open panel with this session; open the panel from the console.';
  if (data.uid !== uid || data.orgId !== input.orgId || data.pluginId !== input.pluginId)
    return 'There is no open panel with this session; open the panel from the console.';
  if (data.expiresAt.toMillis() < Date.now()) return 'This panel session has expired; reopen the panel.';
  if (data.version !== version) return 'The plugin was updated since this panel was opened; reopen the panel.';
  if (!data.methods.includes(input.method))
    return `${input.method} is not one of this panel's methods (its grant allows: ${data.methods.join(', ') || 'none'}).`;
  return undefined;
}

/**
 * A panel's bridge call, forwarded by the console. Only within a live session of an open panel
 * (opened by the caller, for this plugin, in this organization, for the installed version) and
 * only the methods the session's grant allows; then the same checks as the sandbox's bridges:
 * the method needs a permission the organization still grants, scope comes from the install,
 * and the call is audited (allowed or not).
 */
export async function panelBridge(input: CallableParsedInput<typeof panelBridgeContract>, context: CallContext) {
  const [install, session] = await Promise.all([
    usableInstall(input.orgId, input.pluginId, context.uid),
    docs.panelSession(input.session).get(),
  ]);
  const services = new PlatformServices(input.orgId, input.pluginId, { uid: context.uid, via: 'panel' });
  const permission = PANEL_METHODS[input.method];
  const granted = new Set(install.grantedPermissions.map((p) => p.name));
  const problem = sessionProblem(session.data(), input, context.uid, install.version);
  const allowed = !problem && granted.has(permission) && granted.has('ui:panel');
  services.record({ permission, operation: input.method, allowed, ...(problem ? { detail: problem } : {}) });
  try {
    if (problem) throw new ApiError('permission-denied', problem);
    if (!allowed)
      throw new ApiError(
        'plugin-permission-denied',
        `${input.method} needs the ${permission} permission, which ${input.pluginId} was not granted.`,
      );
    const p = input.params;
    try {
      switch (input.method) {
        case 'storage.get':
          return { result: await services.storageGet(p.key) };
        case 'storage.set':
          await services.storageSet(p.key, p.value);
          return { result: null };
        case 'storage.delete':
          await services.storageDelete(p.key);
          return { result: null };
        case 'storage.list':
          return { result: await services.storageList(p.prefix ?? '') };
        case 'sensors.read':
          return { result: await services.sensorRead(p.sensorId) };
        case 'notifications.send':
          return { result: await services.notify(p) };
      }
    } catch (error) {
      if (error instanceof BridgeError) throw new ApiError('invalid-input', error.message);
      throw error;
    }
  } finally {
    await services.flushAudit({ version: install.version });
  }
}
