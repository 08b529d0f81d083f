import type { LedgerEntryDoc, PaymentRecord } from '@mlebotics/shared';
import { describe, expect, it } from 'vitest';
import { INVARIANTS, checkInvariants, formatResults } from './invariants.js';
import type { Snapshot } from './snapshot.js';

const P = 'acme.step';
const entry = (over: Partial<LedgerEntryDoc> = {}): LedgerEntryDoc => ({
  id: 'local:payment:pay1',
  kind: 'payment',
  pluginId: P,
  publisherId: 'acme',
  orgId: 'org-a',
  currency: 'usd',
  amountMinor: 900,
  developerMinor: 720,
  marketplaceMinor: 180,
  occurredAt: 0,
  period: '1970-01',
  provider: 'local',
  providerRef: 'pay1',
  testMode: true,
  ...over,
});
const record = (over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  providerRef: 'pay1',
  kind: 'one-time',
  provider: 'local',
  testMode: true,
  publisherId: 'acme',
  currency: 'usd',
  amountMinor: 900,
  developerMinor: 720,
  marketplaceMinor: 180,
  refundedMinor: 0,
  occurredAt: 0,
  ...over,
});

/** A consistent marketplace: one published version, one install with its audit entry, a review, a purchase. */
function clean(): Snapshot {
  return {
    uploads: [
      {
        id: 'up1',
        state: 'published',
        objectPath: 'uploads/u1/up1.tgz',
        pluginId: P,
        version: '1.0.0',
        leaseUntil: null,
      },
    ],
    versions: [
      {
        pluginId: P,
        version: '1.0.0',
        artifactPath: `registry/${P}/1.0.0.tgz`,
        envelopePath: `registry/${P}/1.0.0.dsse.json`,
      },
    ],
    objects: new Set([`registry/${P}/1.0.0.tgz`, `registry/${P}/1.0.0.dsse.json`]),
    listings: [
      { id: P, installCount: 1, rating: { count: 1, sum: 4, histogram: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } } },
    ],
    installs: [{ orgId: 'org-a', pluginId: P, version: '1.0.0' }],
    auditLog: [
      { orgId: 'org-a', action: 'install', pluginId: P, version: '1.0.0' },
      { orgId: 'org-b', action: 'install', pluginId: P, version: '1.0.0' },
      { orgId: 'org-b', action: 'uninstall', pluginId: P, version: '1.0.0' },
    ],
    reviews: [{ pluginId: P, uid: 'u1', rating: 4, orgId: 'org-a' }],
    reviewStates: [{ pluginId: P, uid: 'u1', counted: 4, moderation: null }],
    ledger: [entry()],
    entitlements: [{ orgId: 'org-a', pluginId: P, model: 'one-time', status: 'active', payments: [record()] }],
    earnings: [
      {
        publisherId: 'acme',
        pluginId: P,
        period: '1970-01',
        currency: 'usd',
        testMode: true,
        grossMinor: 900,
        developerMinor: 720,
      },
    ],
  };
}

const failing = (s: Snapshot) => checkInvariants(s).filter((r) => !r.ok);
const failed = (s: Snapshot) => failing(s).map((r) => r.name);

describe('invariant checker', () => {
  // Each broken data set breaks exactly the invariant it is aimed at, and the checker says where.
  const broken: Array<[string, (s: Snapshot) => void, RegExp]> = [
    [
      'uploads-settled',
      (s) =>
        s.uploads.push({
          id: 'up2',
          state: 'validating',
          objectPath: 'uploads/u1/up2.tgz',
          pluginId: null,
          version: null,
          leaseUntil: 5,
        }),
      /up2 is still validating/,
    ],
    [
      'versions-complete',
      (s) => s.objects.delete(`registry/${P}/1.0.0.dsse.json`),
      /no registry\/acme.step\/1.0.0.dsse.json/,
    ],
    [
      'versions-complete',
      (s) => s.objects.add(`registry/${P}/2.0.0.tgz`),
      /2.0.0.tgz exists without a version document/,
    ],
    ['install-counts', (s) => (s.listings[0]!.installCount = 2), /installCount 2, install documents 1/],
    ['review-aggregates', (s) => (s.listings[0]!.rating.sum = 9), /rating count 1 sum 9/],
    ['reviews-counted-truthfully', (s) => (s.reviews[0]!.orgId = 'org-b'), /counts 4, should count null/],
    ['ledger-balanced', (s) => (s.ledger[0]!.developerMinor = 721), /721 \+ 180 ≠ 900/],
    ['ledger-balanced', (s) => s.ledger.push(entry({ id: 'local:payment:pay1-again' })), /has 2 payment entries/],
    [
      'entitlements-match-ledger',
      (s) => (s.entitlements[0]!.payments[0]!.refundedMinor = 900),
      /refunded 900 on the entitlement/,
    ],
    [
      'entitlements-match-ledger',
      (s) => {
        s.ledger.push(entry({ id: 'local:payment:pay2', providerRef: 'pay2' }));
        s.entitlements[0]!.payments.push(record({ providerRef: 'pay2' }));
      },
      /kept 2 one-time payments/,
    ],
    ['earnings-match-ledger', (s) => (s.earnings[0]!.grossMinor = 1800), /stored gross 1800/],
    ['installs-audited', (s) => s.auditLog.splice(0, 1), /installed but the audit log nets 0/],
    [
      'installs-audited',
      (s) => s.auditLog.push({ orgId: 'org-a', action: 'install', pluginId: P, version: '1.0.0' }),
      /nets 2 installs/,
    ],
  ];

  it.each(broken)('%s fails on a broken data set', (name, breakIt, detail) => {
    const snapshot = clean();
    breakIt(snapshot);
    const results = failing(snapshot);
    expect(results.map((r) => r.name)).toContain(name);
    expect(results.find((r) => r.name === name)!.details.join('\n')).toMatch(detail);
  });

  it('has a broken case for every invariant', () => {
    expect(new Set(broken.map(([name]) => name))).toEqual(new Set(INVARIANTS.map((i) => i.name)));
  });

  it('passes a consistent data set, and says so per invariant', () => {
    expect(failed(clean())).toEqual([]);
    expect(formatResults(checkInvariants(clean()))).toMatch(/pass {2}uploads-settled/);
  });

  it('counts a fully refunded duplicate purchase as one payment kept', () => {
    const s = clean();
    s.ledger.push(
      entry({ id: 'local:payment:pay2', providerRef: 'pay2' }),
      entry({
        id: 'local:refund:pay2:900',
        kind: 'refund',
        providerRef: 'pay2',
        amountMinor: -900,
        developerMinor: -720,
        marketplaceMinor: -180,
      }),
    );
    s.entitlements[0]!.payments.push(record({ providerRef: 'pay2', refundedMinor: 900 }));
    s.earnings[0]!.grossMinor = 1800;
    expect(failed(s)).toEqual([]);
  });
});
