// What must hold of the marketplace's data whatever happened to the requests that made it
// (retries, killed instances, lost trigger events): checked on a snapshot of the documents and
// Storage objects themselves, so the checker trusts no counter it is meant to check.
import type { Snapshot } from './snapshot.js';

export interface InvariantResult {
  name: string;
  description: string;
  ok: boolean;
  /** One line per violation (at most 20 kept, with the total). */
  details: string[];
}

const TERMINAL = new Set(['published', 'rejected', 'in-review']);
const MAX_DETAILS = 20;

type Check = (s: Snapshot, fail: (detail: string) => void) => void;

const group = <T>(items: readonly T[], key: (item: T) => string) => {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
};
const pairKey = (a: string, b: string) => `${a} ${b}`;
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

const uploadsSettled: Check = (s, fail) => {
  for (const u of s.uploads) {
    if (TERMINAL.has(u.state)) continue;
    const lease = u.leaseUntil ? `, lease until ${new Date(u.leaseUntil).toISOString()}` : '';
    const object = s.objects.has(u.objectPath) ? 'its file is in Storage' : 'no file: an intent nobody uploaded to';
    fail(`upload ${u.id} is still ${u.state} (${object}${lease})`);
  }
};

const versionsComplete: Check = (s, fail) => {
  const versions = new Set(s.versions.map((v) => pairKey(v.pluginId, v.version)));
  for (const v of s.versions) {
    for (const path of [v.artifactPath, v.envelopePath])
      if (!s.objects.has(path)) fail(`${v.pluginId}@${v.version} has a version document but no ${path}`);
  }
  for (const name of s.objects) {
    const match = /^registry\/([^/]+)\/([^/]+?)\.(tgz|dsse\.json)$/.exec(name);
    if (match && !versions.has(pairKey(match[1]!, match[2]!))) fail(`${name} exists without a version document`);
  }
  for (const u of s.uploads) {
    if (u.state !== 'published') continue;
    if (!u.pluginId || !versions.has(pairKey(u.pluginId, u.version ?? '')))
      fail(`upload ${u.id} is published but ${u.pluginId}@${u.version} has no version document`);
  }
};

const installCounts: Check = (s, fail) => {
  const installs = group(s.installs, (i) => i.pluginId);
  for (const l of s.listings) {
    const counted = installs.get(l.id)?.length ?? 0;
    if (l.installCount !== counted) fail(`${l.id}: installCount ${l.installCount}, install documents ${counted}`);
  }
};

const reviewAggregates: Check = (s, fail) => {
  const states = group(s.reviewStates, (r) => r.pluginId);
  for (const l of s.listings) {
    const counted = (states.get(l.id) ?? []).map((r) => r.counted).filter((c): c is number => c !== null);
    const histogram = [1, 2, 3, 4, 5].map((star) => counted.filter((c) => c === star).length);
    const stored = [1, 2, 3, 4, 5].map((star) => l.rating.histogram[String(star)] ?? 0);
    if (l.rating.count !== counted.length || l.rating.sum !== sum(counted) || stored.join() !== histogram.join())
      fail(
        `${l.id}: rating count ${l.rating.count} sum ${l.rating.sum} histogram [${stored}], recount ${counted.length} / ${sum(counted)} / [${histogram}]`,
      );
  }
};

/** A review counts its rating exactly while it exists, unmoderated, and its organization has the plugin. */
const reviewsCountedTruthfully: Check = (s, fail) => {
  const installed = new Set(s.installs.map((i) => pairKey(i.orgId, i.pluginId)));
  const reviews = new Map(s.reviews.map((r) => [pairKey(r.pluginId, r.uid), r]));
  for (const state of s.reviewStates) {
    const review = reviews.get(pairKey(state.pluginId, state.uid));
    const due =
      review && state.moderation === null && installed.has(pairKey(review.orgId, state.pluginId))
        ? review.rating
        : null;
    if (state.counted !== due)
      fail(`${state.pluginId} review by ${state.uid} counts ${state.counted}, should count ${due}`);
  }
  for (const r of s.reviews)
    if (!s.reviewStates.some((st) => st.pluginId === r.pluginId && st.uid === r.uid))
      fail(`${r.pluginId} review by ${r.uid} was never reconciled`);
};

const ledgerBalanced: Check = (s, fail) => {
  for (const e of s.ledger)
    if (e.developerMinor + e.marketplaceMinor !== e.amountMinor)
      fail(`${e.id}: ${e.developerMinor} + ${e.marketplaceMinor} ≠ ${e.amountMinor}`);
  const byPayment = group(s.ledger, (e) => pairKey(e.provider, e.providerRef));
  for (const [key, entries] of byPayment) {
    const payments = entries.filter((e) => e.kind === 'payment');
    if (payments.length !== 1) {
      fail(`payment ${key} has ${payments.length} payment entries`);
      continue;
    }
    const payment = payments[0]!;
    const expectedId = `${encodeURIComponent(payment.provider)}:payment:${encodeURIComponent(payment.providerRef)}`;
    if (payment.id !== expectedId)
      fail(`payment entry ${payment.id} should be ${expectedId} (counted under another id)`);
    const net = sum(entries.map((e) => e.amountMinor));
    if (net < 0 || net > payment.amountMinor) fail(`payment ${key}: net ${net} of ${payment.amountMinor}`);
  }
};

const entitlementsMatchLedger: Check = (s, fail) => {
  const ledger = group(s.ledger, (e) => pairKey(e.orgId, e.pluginId));
  const entitled = new Set(s.entitlements.map((e) => pairKey(e.orgId, e.pluginId)));
  for (const key of ledger.keys()) if (!entitled.has(key)) fail(`${key} has ledger entries but no entitlement`);
  for (const ent of s.entitlements) {
    const key = pairKey(ent.orgId, ent.pluginId);
    const entries = ledger.get(key) ?? [];
    const payments = entries.filter((e) => e.kind === 'payment');
    const refs = new Set(ent.payments.map((p) => p.providerRef));
    for (const p of payments)
      if (!refs.has(p.providerRef)) fail(`${key}: ledger payment ${p.providerRef} is not on the entitlement`);
    for (const record of ent.payments) {
      const entry = payments.find((p) => p.providerRef === record.providerRef);
      if (!entry) {
        fail(`${key}: entitlement payment ${record.providerRef} has no ledger entry`);
        continue;
      }
      const refunded = -sum(
        entries.filter((e) => e.kind === 'refund' && e.providerRef === record.providerRef).map((e) => e.amountMinor),
      );
      if (
        entry.amountMinor !== record.amountMinor ||
        entry.developerMinor !== record.developerMinor ||
        refunded !== record.refundedMinor
      )
        fail(
          `${key}: payment ${record.providerRef} is ${record.amountMinor}/${record.developerMinor} refunded ${record.refundedMinor} on the entitlement, ${entry.amountMinor}/${entry.developerMinor} refunded ${refunded} in the ledger`,
        );
    }
    // A one-time purchase is paid once: a second payment must have been refunded in full.
    const standing = ent.payments.filter((p) => p.kind === 'one-time' && p.refundedMinor < p.amountMinor);
    if (standing.length > 1)
      fail(`${key} kept ${standing.length} one-time payments: ${standing.map((p) => p.providerRef).join(', ')}`);
    if (ent.model === 'one-time') {
      const held = standing.length > 0;
      if ((ent.status === 'active') !== held)
        fail(`${key}: entitlement ${ent.status} but ${held ? 'a payment stands' : 'every payment was refunded'}`);
    }
  }
};

const earningsMatchLedger: Check = (s, fail) => {
  const rows = group(s.ledger, (e) => [e.publisherId, e.pluginId, e.period, e.currency, e.testMode].join(' '));
  const stored = new Map(
    s.earnings.map((r) => [[r.publisherId, r.pluginId, r.period, r.currency, r.testMode].join(' '), r]),
  );
  for (const [key, entries] of rows) {
    const gross = sum(entries.filter((e) => e.kind === 'payment').map((e) => e.amountMinor));
    const developer = sum(entries.map((e) => e.developerMinor));
    const row = stored.get(key);
    if (!row || row.grossMinor !== gross || row.developerMinor !== developer)
      fail(
        `earnings ${key}: stored gross ${row?.grossMinor} developer ${row?.developerMinor}, ledger ${gross} / ${developer}`,
      );
  }
};

/** Every install has its audit entry: installs minus uninstalls recorded equals whether it is installed now. */
const installsAudited: Check = (s, fail) => {
  const installs = new Map(s.installs.map((i) => [pairKey(i.orgId, i.pluginId), i]));
  const audits = group(
    s.auditLog.filter((a) => ['install', 'uninstall', 'update'].includes(a.action)),
    (a) => pairKey(a.orgId, a.pluginId),
  );
  for (const key of new Set([...installs.keys(), ...audits.keys()])) {
    const entries = audits.get(key) ?? [];
    const net =
      entries.filter((a) => a.action === 'install').length - entries.filter((a) => a.action === 'uninstall').length;
    const install = installs.get(key);
    if (net !== (install ? 1 : 0))
      fail(`${key}: ${install ? 'installed' : 'not installed'} but the audit log nets ${net} installs`);
    if (install && !entries.some((a) => a.action !== 'uninstall' && a.version === install.version))
      fail(`${key}: installed at ${install.version} with no audit entry for that version`);
  }
};

export const INVARIANTS: Array<{ name: string; description: string; check: Check }> = [
  { name: 'uploads-settled', description: 'every upload ends published or rejected', check: uploadsSettled },
  {
    name: 'versions-complete',
    description: 'version document ⇔ artifact and signature in Storage',
    check: versionsComplete,
  },
  {
    name: 'install-counts',
    description: "each listing's installCount equals its install documents",
    check: installCounts,
  },
  {
    name: 'review-aggregates',
    description: "each listing's rating equals a recount of its review states",
    check: reviewAggregates,
  },
  {
    name: 'reviews-counted-truthfully',
    description: 'a review counts exactly while it stands with an install',
    check: reviewsCountedTruthfully,
  },
  {
    name: 'ledger-balanced',
    description: 'ledger rows sum exactly per payment; no payment counted twice',
    check: ledgerBalanced,
  },
  {
    name: 'entitlements-match-ledger',
    description: 'entitlements record exactly the ledger payments',
    check: entitlementsMatchLedger,
  },
  {
    name: 'earnings-match-ledger',
    description: "publishers' earnings rows equal the ledger's sums",
    check: earningsMatchLedger,
  },
  { name: 'installs-audited', description: 'an audit entry for every install and uninstall', check: installsAudited },
];

export function checkInvariants(snapshot: Snapshot): InvariantResult[] {
  return INVARIANTS.map(({ name, description, check }) => {
    const details: string[] = [];
    check(snapshot, (detail) => details.push(detail));
    const shown =
      details.length > MAX_DETAILS
        ? [...details.slice(0, MAX_DETAILS), `… ${details.length - MAX_DETAILS} more`]
        : details;
    return { name, description, ok: details.length === 0, details: shown };
  });
}

/** One line per invariant, with its violations under it. */
export function formatResults(results: InvariantResult[]): string {
  return results
    .flatMap((r) => [
      `  ${r.ok ? 'pass' : 'FAIL'}  ${r.name}: ${r.description}`,
      ...r.details.map((d) => `          ${d}`),
    ])
    .join('\n');
}
