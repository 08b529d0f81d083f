// `mlebotics-plugin publish`: publishes a package from CI with a publisher API token, through the
// same upload intent, Storage object and pipeline as the console, following its timeline.
import type { UploadState, ValidationIssue } from '@mlebotics/shared';
import { createUpload } from '@mlebotics/shared/api/publish';
import { exchangePublisherToken } from '@mlebotics/shared/api/tokens';
import { ERROR_CODES } from '@mlebotics/shared/errors';
import { paths } from '@mlebotics/shared/firestore/paths';
import { formatBytes } from '@mlebotics/shared/limits';
import { randomUUID } from 'node:crypto';
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

  // The token is exchanged while the package is checked (network and CPU overlap); nothing is
  // announced or uploaded unless the check passes, and a refused token is reported after it.
  const session = (async () => {
    const exchanged = await callCallable(endpoints, exchangePublisherToken, { token });
    return { exchanged, idToken: await signInWithCustomToken(endpoints, exchanged.customToken) };
  })();
  session.catch(() => undefined);
  // The validators (the larger part of the CLI's code) load once the token's request is out: a
  // cold start compiles them while the marketplace answers.
  const [{ validatePackageBytes }, bytes] = await Promise.all([
    import('@mlebotics/shared/node'),
    readFile(file).then((buffer) => new Uint8Array(buffer)),
  ]);
  const local = await validatePackageBytes(bytes, undefined, {});
  if (!local.ok || !local.manifest || !local.sha256) {
    io.err(`✖ ${file} is not a valid plugin package; nothing was uploaded:\n${formatIssues(local.errors)}\n`);
    return PUBLISH_EXIT.rejected;
  }
  const label = `${local.manifest.id}@${local.manifest.version}`;
  io.out(`✔ ${label} is valid locally (${formatBytes(bytes.length)}, sha256 ${local.sha256})\n`);

  try {
    const { exchanged, idToken } = await session;
    io.out(`✔ Token "${exchanged.tokenName}" accepted for the publisher ${exchanged.publisherId}\n`);
    const intent = await withRateLimitWaits(io, () =>
      callCallable(
        endpoints,
        createUpload,
        {
          publisherId: exchanged.publisherId,
          size: bytes.length,
          sha256: local.sha256!,
          fileName: path.basename(file),
          // One id for this publish: a retried request announces the upload once.
          requestId: randomUUID(),
        } as Parameters<typeof callCallable<typeof createUpload>>[2],
        idToken,
      ),
    );
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

/** Waits what a rate-limited call is told (up to 60 s, three times), as the console does. */
async function withRateLimitWaits<T>(io: Io, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = error instanceof MarketplaceError ? error.details.retryAfterSeconds : undefined;
      if (!(error instanceof MarketplaceError) || error.reason !== 'rate-limited' || attempt >= 3) throw error;
      if (typeof wait !== 'number' || wait > 60) throw error;
      io.err(`… rate-limited; trying again in ${wait} s\n`);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
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
