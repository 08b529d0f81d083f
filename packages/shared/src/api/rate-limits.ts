import { RUNTIME_LIMITS } from '../limits.js';
import type { BucketLimit } from './token-bucket.js';

/**
 * Abuse limits of every callable, in one table (the functions enforce it in `callable()`, the
 * docs print it, a test checks that every contract has a row).
 *
 * - `mutates`: the call changes something. It takes a client `requestId`; a retry or a double
 *   submit with the same id returns the first call's result and writes nothing again.
 * - `buckets`: where the token buckets live. `shared` (a Firestore document, changed in the same
 *   transaction that claims the request id) is exact across instances, for what people do in
 *   console forms. `instance` (memory) is for reads and the runtime's high-rate calls, where a
 *   write per call would cost more than the call: each instance allows the burst, so the bound
 *   grows with the instances serving the function (at most its `maxInstances`).
 * - `perUser`: a token bucket per signed-in account.
 * - `perScope`: a second bucket per organization or publisher named in the input, shared by all
 *   its members (one member cannot be used to get round another's limit).
 * - `maxInputBytes`: the request body at most (JSON, UTF-8), refused before it is parsed.
 * - `secretResult`: the result holds a secret shown once (an API token). It is never stored for
 *   replays: a retry with the same request id is told the request was carried out.
 *
 * Open VSX allows 15 publishes per second per token; ours are per minute: a person publishes a
 * few versions a day, a CI pipeline of a monorepo a few dozen per run (a burst of 30 per
 * account, 60 per publisher, then one a second).
 */
export interface CallableLimits {
  mutates: boolean;
  buckets: 'shared' | 'instance';
  perUser: BucketLimit;
  perScope?: { field: 'orgId' | 'publisherId'; limit: BucketLimit };
  maxInputBytes: number;
  secretResult?: true;
}

const KiB = 1024;
/** A runtime value of its full size, each character escaped in JSON at worst as `\uXXXX`, and the rest. */
const RUNTIME_BODY = 6 * RUNTIME_LIMITS.inputBytes + 8 * KiB;
const bucket = (capacity: number, refillPerMinute: number): BucketLimit => ({ capacity, refillPerMinute });

/** Reads the console makes on every page. */
const read = (maxInputBytes = 4 * KiB): CallableLimits => ({
  mutates: false,
  buckets: 'instance',
  perUser: bucket(60, 120),
  maxInputBytes,
});
/** A change by a person in a console form. */
const change = (scope?: CallableLimits['perScope'], maxInputBytes = 8 * KiB): CallableLimits => ({
  mutates: true,
  buckets: 'shared',
  perUser: bucket(20, 30),
  ...(scope ? { perScope: scope } : {}),
  maxInputBytes,
});
const org = (capacity: number, refillPerMinute: number) => ({
  field: 'orgId' as const,
  limit: bucket(capacity, refillPerMinute),
});
const publisher = (capacity: number, refillPerMinute: number) => ({
  field: 'publisherId' as const,
  limit: bucket(capacity, refillPerMinute),
});

export const CALLABLE_LIMITS = {
  // A no-op for monitoring and benchmarks: cheap enough to allow a lot.
  health: { ...read(), perUser: bucket(600, 6000) },
  getSession: read(),
  listInstalled: read(),
  getManifest: read(),
  getEarnings: read(),
  // Search as you type: a query per pause in typing, signed out too (keyed by address then, so
  // visitors behind one address share it).
  search: { ...read(), perUser: bucket(300, 1200) },

  install: change(org(30, 60)),
  uninstall: change(org(30, 60)),
  updateInstall: change(org(30, 60), 16 * KiB),
  requestInstall: { ...change(org(20, 20)), perUser: bucket(10, 10) },
  declineInstallRequest: change(org(30, 60)),

  createCheckout: { ...change(org(10, 20)), perUser: bucket(10, 10) },
  completeTestCheckout: { ...change(org(10, 20)), perUser: bucket(10, 10) },

  createUpload: { ...change(publisher(60, 60)), perUser: bucket(30, 30) },
  retryUpload: change(publisher(60, 60)),
  // As many as createUpload allows announcements.
  withdrawUpload: { ...change(), perUser: bucket(30, 30) },
  updateListing: change(undefined, 64 * KiB),
  yankVersion: change(),
  deprecate: change(),
  createPublisher: { ...change(), perUser: bucket(10, 5) },
  setPublisherMember: change(publisher(20, 30)),
  setPublisherVerified: change(),
  revokeSigningKey: change(),
  decideReview: { ...change(), perUser: bucket(60, 120) },
  setRevocation: change(),
  setBlocklisted: change(),
  setPublisherSuspended: change(),
  rotateSigningKey: change(),
  listModerationQueue: read(),
  listSigningKeys: read(),
  // Publisher API tokens (CI publishing): owners manage them in the console. The exchange is
  // public (keyed by address, in memory); its failures are also counted per token id and per
  // address in Firestore (functions/src/publishers/tokens.ts).
  createPublisherToken: { ...change(publisher(20, 10)), perUser: bucket(10, 10), secretResult: true },
  revokePublisherToken: change(publisher(30, 30)),
  listPublisherTokens: read(),
  exchangePublisherToken: { ...read(1 * KiB), perUser: bucket(60, 60) },

  createOrg: { ...change(), perUser: bucket(20, 10) },
  addOrgMember: change(org(20, 30)),
  setOrgMemberRole: change(org(20, 30)),
  updateOrgSettings: change(org(20, 30), 16 * KiB),
  respondToInvitation: change(),
  revokeInvitation: change(org(20, 30)),

  reactToReview: { ...change(), perUser: bucket(30, 60) },
  replyToReview: change(),
  moderateReview: { ...change(), perUser: bucket(60, 120) },
  recomputeRatings: change(),

  // The runtime: a panel talks to its bridge many times a second; steps run from automations.
  runPluginStep: { ...change(org(120, 600), RUNTIME_BODY), buckets: 'instance', perUser: bucket(60, 240) },
  openPanel: { ...change(org(60, 120), 16 * KiB), buckets: 'instance', perUser: bucket(30, 60) },
  // A panel's calls through its bridge; each is checked against the panel session's grant.
  panelBridge: { ...read(RUNTIME_BODY), perUser: bucket(240, 1200), perScope: org(600, 3000) },
} satisfies Record<string, CallableLimits>;

export type LimitedCallable = keyof typeof CALLABLE_LIMITS;

export function callableLimits(name: string): CallableLimits | undefined {
  return Object.hasOwn(CALLABLE_LIMITS, name) ? (CALLABLE_LIMITS as Record<string, CallableLimits>)[name] : undefined;
}

/** A client request id: random, URL-safe, long enough not to collide (a UUID fits). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
