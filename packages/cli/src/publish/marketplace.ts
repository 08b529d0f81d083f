// The marketplace as the CLI reaches it over plain HTTPS: the callable protocol, the Auth REST
// API, the Storage upload protocol the web SDK uses and the Firestore REST API (so the bundled
// CLI carries no Firebase SDK). The same calls reach the local emulators.
import type { CallableContract, CallableInput, CallableOutput, UploadState, ValidationIssue } from '@mlebotics/shared';
import type { z } from 'zod';

/** Where each service is. */
export interface Endpoints {
  projectId: string;
  callable(name: string): string;
  signInWithCustomToken: string;
  storage: string;
  firestoreDocument(path: string): string;
}

/** Emulator hosts (defaults from firebase.json, overridden by the usual environment variables). */
export function emulatorEndpoints(projectId: string, env: NodeJS.ProcessEnv, region = 'us-central1'): Endpoints {
  const auth = env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099';
  const firestore = env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080';
  const storage = env.FIREBASE_STORAGE_EMULATOR_HOST ?? '127.0.0.1:9199';
  const functions = env.MLEBOTICS_FUNCTIONS_EMULATOR_HOST ?? '127.0.0.1:5001';
  return {
    projectId,
    callable: (name) => `http://${functions}/${projectId}/${region}/${name}`,
    signInWithCustomToken: `http://${auth}/identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=emulator`,
    storage: `http://${storage}`,
    firestoreDocument: (path) => `http://${firestore}/v1/projects/${projectId}/databases/(default)/documents/${path}`,
  };
}

/** The production services of a Firebase project (the API key is the console's public web key). */
export function productionEndpoints(projectId: string, apiKey: string, region = 'us-central1'): Endpoints {
  return {
    projectId,
    callable: (name) => `https://${region}-${projectId}.cloudfunctions.net/${name}`,
    signInWithCustomToken: `https://identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=${encodeURIComponent(apiKey)}`,
    storage: 'https://firebasestorage.googleapis.com',
    firestoreDocument: (path) =>
      `https://firestore.googleapis.com/v1/projects/${projectId}/databases/(default)/documents/${path}`,
  };
}

/** A refusal or failure, with the marketplace's reason (`details.reason`) when it gave one. */
export class MarketplaceError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MarketplaceError';
  }
}

async function send(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new MarketplaceError(
      `Could not reach the marketplace (${what}, ${new URL(url).host}): ${cause?.code ?? cause?.message ?? (error as Error).message}. Check the network, --project and --emulators.`,
      'unreachable',
    );
  }
}

/** Calls a callable with the given ID token (or none), as the Firebase SDK does. */
export async function callCallable<C extends CallableContract<z.ZodType, unknown>>(
  endpoints: Endpoints,
  contract: C,
  input: CallableInput<C>,
  idToken?: string,
): Promise<CallableOutput<C>> {
  const response = await send(
    endpoints.callable(contract.name),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idToken ? { authorization: `Bearer ${idToken}` } : {}) },
      body: JSON.stringify({ data: input }),
    },
    contract.name,
  );
  const body = (await response.json().catch(() => undefined)) as
    { result?: unknown; error?: { status?: string; message?: string; details?: Record<string, unknown> } } | undefined;
  if (response.ok && body && 'result' in body) return body.result as CallableOutput<C>;
  const error = body?.error;
  const reason =
    (error?.details?.reason as string | undefined) ?? (response.status >= 500 ? 'unreachable' : 'internal');
  throw new MarketplaceError(
    error?.message ?? `${contract.name} answered HTTP ${response.status}.`,
    reason,
    error?.details ?? {},
  );
}

/** Signs in with a custom token (Auth REST API); returns the ID token. */
export async function signInWithCustomToken(endpoints: Endpoints, customToken: string): Promise<string> {
  const response = await send(
    endpoints.signInWithCustomToken,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: customToken, returnSecureToken: true }),
    },
    'sign-in',
  );
  const body = (await response.json().catch(() => ({}))) as { idToken?: string; error?: { message?: string } };
  if (!response.ok || !body.idToken) {
    throw new MarketplaceError(
      `Signing in with the token's identity failed: ${body.error?.message ?? `HTTP ${response.status}`}. Check --api-key.`,
      'unauthenticated',
    );
  }
  return body.idToken;
}

/**
 * Uploads `bytes` to `objectPath` with the resumable protocol of the web SDK (chunks of 256 KiB,
 * doubling up to 8 MiB as they succeed), calling `progress` after each chunk.
 */
export async function uploadObject(
  endpoints: Endpoints,
  bucket: string,
  objectPath: string,
  bytes: Uint8Array,
  idToken: string,
  progress: (sent: number) => void,
): Promise<void> {
  const auth = { authorization: `Firebase ${idToken}` };
  const start = await send(
    `${endpoints.storage}/v0/b/${encodeURIComponent(bucket)}/o?name=${encodeURIComponent(objectPath)}`,
    {
      method: 'POST',
      headers: {
        ...auth,
        'content-type': 'application/json; charset=utf-8',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(bytes.length),
        'x-goog-upload-header-content-type': 'application/gzip',
      },
      body: JSON.stringify({ name: objectPath, contentType: 'application/gzip' }),
    },
    'upload',
  );
  const url = start.headers.get('x-goog-upload-url');
  if (!start.ok || !url) throw await storageError(start);
  let offset = 0;
  let chunk = 256 * 1024;
  do {
    const end = Math.min(bytes.length, offset + chunk);
    const last = end === bytes.length;
    const response = await send(
      url,
      {
        method: 'POST',
        headers: {
          ...auth,
          'x-goog-upload-command': last ? 'upload, finalize' : 'upload',
          'x-goog-upload-offset': String(offset),
        },
        body: new Uint8Array(bytes.subarray(offset, end)),
      },
      'upload',
    );
    if (!response.ok) throw await storageError(response);
    await response.arrayBuffer();
    offset = end;
    progress(offset);
    chunk = Math.min(chunk * 2, 8 * 1024 * 1024);
  } while (offset < bytes.length);
}

async function storageError(response: Response): Promise<MarketplaceError> {
  const text = await response.text().catch(() => '');
  const refused = response.status === 401 || response.status === 403;
  return new MarketplaceError(
    `The upload to Storage was ${refused ? 'refused' : 'not accepted'} (HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}).`,
    refused ? 'permission-denied' : response.status >= 500 ? 'unreachable' : 'internal',
  );
}

/** What the CLI follows of an upload document. */
export interface UploadView {
  state: UploadState;
  /** Epoch ms each step was reached. */
  steps: Partial<Record<UploadState, number>>;
  errors: ValidationIssue[];
  pluginId: string | null;
  version: string | null;
  scanOutcome: string | null;
}

type RestValue = Record<string, unknown>;

/** A Firestore REST value as plain JSON (timestamps as epoch ms). */
function decode(value: RestValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('integerValue' in value) return Number(value.integerValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('booleanValue' in value) return value.booleanValue;
  if ('nullValue' in value) return null;
  if ('timestampValue' in value) return Date.parse(value.timestampValue as string);
  if ('arrayValue' in value) return ((value.arrayValue as { values?: RestValue[] }).values ?? []).map(decode);
  if ('mapValue' in value) return decodeFields((value.mapValue as { fields?: Record<string, RestValue> }).fields);
  return undefined;
}

const decodeFields = (fields: Record<string, RestValue> = {}) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, decode(v)]));

/** Reads an upload document as the token's identity (the rules let it read its own uploads). */
export async function readUpload(endpoints: Endpoints, path: string, idToken: string): Promise<UploadView> {
  const response = await send(
    endpoints.firestoreDocument(path),
    { headers: { authorization: `Bearer ${idToken}` } },
    'upload status',
  );
  if (!response.ok) {
    throw new MarketplaceError(
      `Reading the upload's status failed (HTTP ${response.status}).`,
      response.status >= 500 ? 'unreachable' : 'permission-denied',
    );
  }
  const doc = decodeFields(((await response.json()) as { fields?: Record<string, RestValue> }).fields) as Record<
    string,
    unknown
  >;
  return {
    state: doc.state as UploadState,
    steps: (doc.steps ?? {}) as UploadView['steps'],
    errors: (doc.errors ?? []) as ValidationIssue[],
    pluginId: (doc.pluginId as string | null) ?? null,
    version: (doc.version as string | null) ?? null,
    scanOutcome: ((doc.scan as { outcome?: string } | null)?.outcome as string | undefined) ?? null,
  };
}
