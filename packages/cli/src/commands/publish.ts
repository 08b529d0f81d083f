// `mlebotics-plugin publish`: publishes a package from CI with a publisher API token, through the
// same upload intent, Storage object and pipeline as the console, following its timeline.
import type { UploadState, ValidationIssue } from '@mlebotics/shared';
import { createUpload } from '@mlebotics/shared/api/publish';
import { withdrawUpload } from '@mlebotics/shared/api/uploads';
import { exchangePublisherToken } from '@mlebotics/shared/api/tokens';
import { ERROR_CODES } from '@mlebotics/shared/errors';
import { paths } from '@mlebotics/shared/firestore/paths';
import { formatBytes } from '@mlebotics/shared/limits';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  MarketplaceError,
  callCallable,
  emulatorEndpoints,
  productionEndpoints,
  readUpload,
  signInWithCustomToken,
  uploadObject,
  type Endpoints,
} from '../publish/marketplace.js';
import { progressReporter } from '../publish/progress.js';
import { PUBLISH_EXIT, PUBLISH_HELP } from './publish-usage.js';

export { PUBLISH_EXIT, PUBLISH_HELP };

/** Where the command writes (the CLI's Io). */
interface Io {
  out(text: string): void;
  err(text: string): void;
}

const STEP_LABELS: Partial<Record<UploadState, string>> = {
  'awaiting-upload': 'Upload announced',
  received: 'Received',
  validating: 'Validating and scanning',
  signing: 'Signing',
};
const FINAL: readonly UploadState[] = ['published', 'rejected', 'in-review'];
/**
 * How often the upload document is read while the pipeline runs (a publish takes a few seconds:
 * some dozens of small reads). The console listens instead; the gap to a listener is half this
 * on average.
 */
const POLL_MS = 50;

function formatIssues(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const at = issue.path && !issue.message.startsWith(`${issue.path}: `) ? `  at ${issue.path}` : '';
      const fix = Object.hasOwn(ERROR_CODES, issue.code) ? `\n    fix: ${ERROR_CODES[issue.code].fix}` : '';
      return `  ✖ ${issue.code}${at}\n    ${issue.message}${fix}`;
    })
    .join('\n');
}

function exitFor(error: MarketplaceError): number {
  if (
    ['token-invalid', 'unauthenticated', 'permission-denied', 'publisher-suspended', 'not-found'].includes(error.reason)
  )
    return PUBLISH_EXIT.tokenRefused;
  if (error.reason === 'rate-limited' || error.reason === 'limit-exceeded') return PUBLISH_EXIT.rateLimited;
  if (error.reason === 'invalid-input') return PUBLISH_EXIT.rejected;
  return PUBLISH_EXIT.unreachable;
}

function endpointsFrom(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): Endpoints {
  const region = (values.region as string | undefined) ?? 'us-central1';
  const project = (values.project as string | undefined) ?? env.MLEBOTICS_PROJECT;
  if (values.emulators) return emulatorEndpoints(project ?? env.GCLOUD_PROJECT ?? 'demo-mlebotics', env, region);
  const apiKey = (values['api-key'] as string | undefined) ?? env.MLEBOTICS_API_KEY;
  if (!project || !apiKey) {
    throw new UsageProblem(
      'publish needs the marketplace project and its web API key: --project and --api-key (or MLEBOTICS_PROJECT and MLEBOTICS_API_KEY), or --emulators.',
    );
  }
  return productionEndpoints(project, apiKey, region);
}

class UsageProblem extends Error {}

/** Runs `publish`; returns its exit code (PUBLISH_EXIT). */
export async function cmdPublish(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let file: string;
  let endpoints: Endpoints;
  let token: string;
  let timeoutMs: number;
  try {
    const parsed = parseArgs({
      args,
      options: {
        token: { type: 'string' },
        project: { type: 'string' },
        'api-key': { type: 'string' },
        region: { type: 'string' },
        emulators: { type: 'boolean' },
        timeout: { type: 'string' },
      },
      allowPositionals: true,
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1) throw new UsageProblem('publish takes one <file.tgz>.');
    file = parsed.positionals[0]!;
    // A secret pasted with a trailing newline is still the token.
    token = ((values.token as string | undefined) ?? env.MLEBOTICS_TOKEN ?? '').trim();
    if (!token) throw new UsageProblem('publish needs an API token: --token, or MLEBOTICS_TOKEN in the environment.');
    timeoutMs = Number(values.timeout ?? 600) * 1000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageProblem('--timeout must be a number of seconds.');
    endpoints = endpointsFrom(values, env);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile())
      throw new UsageProblem(`${file} is not a file; publish a .tgz made by \`mlebotics-plugin pack\`.`);
  } catch (error) {
    if (error instanceof UsageProblem || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${PUBLISH_HELP}`);
      return PUBLISH_EXIT.usage;
    }
    throw error;
  }

  // The package is checked locally while the token is exchanged and the upload announced
  // (network and CPU overlap). Nothing is sent unless the check passes; an announcement made for
  // a package that fails it is withdrawn, so it neither stays pending nor shows in the history.
  const read = readFile(file).then((buffer) => new Uint8Array(buffer));
  read.catch(() => undefined);
  const checkFailed = new AbortController();
  // One id for this publish: a retried request announces the upload once.
  const requestId = randomUUID();
  const announced = (async () => {
    const exchanged = await callCallable(endpoints, exchangePublisherToken, { token });
    const [idToken, bytes] = await Promise.all([signInWithCustomToken(endpoints, exchanged.customToken), read]);
    const intent = await withRateLimitWaits(
      io,
      () =>
        callCallable(
          endpoints,
          createUpload,
          {
            publisherId: exchanged.publisherId,
            size: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            fileName: path.basename(file),
            requestId,
          } as Parameters<typeof callCallable<typeof createUpload>>[2],
          idToken,
        ),
      checkFailed.signal,
    );
    return { exchanged, idToken, intent };
  })();
  announced.catch(() => undefined);
  // The validators (the larger part of the CLI's code) load once the token's request is out: a
  // cold start compiles them while the marketplace answers.
  const [{ validatePackageBytes }, bytes] = await Promise.all([import('@mlebotics/shared/node'), read]);
  const local = await validatePackageBytes(bytes, undefined, {});
  if (!local.ok || !local.manifest || !local.sha256) {
    checkFailed.abort();
    const withdrawal = await withdrawAnnouncement(endpoints, announced);
    io.err(
      `✖ ${file} is not a valid plugin package; nothing was uploaded${withdrawal}:\n${formatIssues(local.errors)}\n`,
    );
    return PUBLISH_EXIT.rejected;
  }
  const label = `${local.manifest.id}@${local.manifest.version}`;
  io.out(`✔ ${label} is valid locally (${formatBytes(bytes.length)}, sha256 ${local.sha256})\n`);

  try {
    const { exchanged, idToken, intent } = await announced;
    io.out(`✔ Token "${exchanged.tokenName}" accepted for the publisher ${exchanged.publisherId}\n`);
    const progress = progressReporter(io, bytes.length, Boolean(process.stderr.isTTY) && !env.CI);
    await uploadObject(endpoints, exchanged.storageBucket, intent.objectPath, bytes, idToken, progress.update);
    progress.done();
    return await follow(endpoints, paths.upload(intent.uploadId), idToken, io, label, timeoutMs);
  } catch (error) {
    if (!(error instanceof MarketplaceError)) throw error;
    const wait = error.details.retryAfterSeconds;
    io.err(
      `✖ ${error.message}${typeof wait === 'number' && !error.message.includes(`${wait} s`) ? ` (try again in ${wait} s)` : ''}\n`,
    );
    return exitFor(error);
  }
}

/**
 * Withdraws the announcement made for a package that failed its local check. Returns what to add
 * to the report: nothing when there was none or it is gone, else why it stays (it then expires
 * unused within the hour, as an announcement whose file never came does).
 */
async function withdrawAnnouncement(
  endpoints: Endpoints,
  announced: Promise<{ idToken: string; intent: { uploadId: string } }>,
): Promise<string> {
  let idToken: string;
  let uploadId: string;
  try {
    ({
      idToken,
      intent: { uploadId },
    } = await announced);
  } catch {
    return ''; // Never announced (the token was refused, the marketplace unreachable).
  }
  try {
    await callCallable(
      endpoints,
      withdrawUpload,
      { uploadId, requestId: randomUUID() } as Parameters<typeof callCallable<typeof withdrawUpload>>[2],
      idToken,
    );
    return '';
  } catch (error) {
    return ` (its announcement ${uploadId} could not be withdrawn: ${(error as Error).message}; it expires unused within the hour)`;
  }
}

/**
 * Waits what a rate-limited call is told (up to 60 s, three times), as the console does, unless
 * `stop` is aborted (the package failed its check: there is nothing to announce any more).
 */
async function withRateLimitWaits<T>(io: Io, call: () => Promise<T>, stop: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = error instanceof MarketplaceError ? error.details.retryAfterSeconds : undefined;
      if (!(error instanceof MarketplaceError) || error.reason !== 'rate-limited' || attempt >= 3) throw error;
      if (typeof wait !== 'number' || wait > 60 || stop.aborted) throw error;
      io.err(`… rate-limited; trying again in ${wait} s\n`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait * 1000);
        stop.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (stop.aborted) throw error;
    }
  }
}

/** Prints each pipeline step as the upload document reaches it, then the verdict. */
async function follow(
  endpoints: Endpoints,
  uploadPath: string,
  idToken: string,
  io: Io,
  label: string,
  timeoutMs: number,
): Promise<number> {
  const printed = new Set<UploadState>();
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const upload = await readUpload(endpoints, uploadPath, idToken);
    const started = upload.steps['awaiting-upload'] ?? Date.now();
    const since = (state: UploadState) => `+${(((upload.steps[state] ?? Date.now()) - started) / 1000).toFixed(1)}s`;
    for (const state of Object.keys(STEP_LABELS) as UploadState[]) {
      if (upload.steps[state] !== undefined && !printed.has(state)) {
        printed.add(state);
        io.out(`✓ ${STEP_LABELS[state]} ${since(state)}\n`);
      }
    }
    if (FINAL.includes(upload.state)) {
      const name = upload.pluginId && upload.version ? `${upload.pluginId}@${upload.version}` : label;
      if (upload.state === 'published') {
        io.out(`✔ Published ${name} ${since('published')}\n`);
        return PUBLISH_EXIT.published;
      }
      if (upload.state === 'in-review') {
        io.out(
          `⏸ Held for review ${since('in-review')}: the scan flagged ${name}; an administrator decides, and the console shows the outcome.\n`,
        );
        return PUBLISH_EXIT.inReview;
      }
      const count = upload.errors.length;
      io.err(
        `✗ Rejected ${since('rejected')} (${count} problem${count === 1 ? '' : 's'}):\n${formatIssues(upload.errors)}\n`,
      );
      return PUBLISH_EXIT.rejected;
    }
    if (Date.now() > giveUpAt) {
      io.err(
        `✖ No verdict after ${timeoutMs / 1000} s (the upload is ${upload.state}); the marketplace goes on with it — see My plugins in the console.\n`,
      );
      return PUBLISH_EXIT.unreachable;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
