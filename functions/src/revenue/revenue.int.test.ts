import {
  collections,
  completeTestCheckout,
  converters,
  createCheckout,
  createOrg,
  getEarnings,
  install,
  paths,
  uninstall,
} from '@mlebotics/shared';
import {
  PROJECT_ID,
  REGION,
  admin,
  adminDoc,
  connectClient,
  createPublisher,
  createUser,
  hosts,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
  joinOrg,
} from '@mlebotics/testing';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLocalPaymentsSecretFile } from '../lib/config.js';
import { aggregateEarnings } from './ledger.js';
import { LocalProvider } from './local.js';
import type { PaymentEvent, PaymentSucceededEvent, SubscriptionPaidEvent } from './provider.js';

const WEBHOOK = `http://${hosts.functions}/${PROJECT_ID}/${REGION}/paymentsWebhook`;
const DAY = 86_400_000;

let developer: Client;
let owner: Client;
let operator: Client;
let orgId: string;
let publisherId: string;
let oneTime: string;
let monthly: string;
let local: LocalProvider;
let doubleBuy: string;

async function deliver(event: PaymentEvent, tamper?: (body: string) => string) {
  const { body, headers } = local.signWebhook(event);
  const response = await fetch(WEBHOOK, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: tamper ? tamper(body) : body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const entitlement = async (pluginId: string) =>
  (await adminDoc(converters.entitlement, paths.entitlement(orgId, pluginId)).get()).data();

async function ledgerOf(pluginId: string) {
  const snap = await admin.db.collection(collections.ledger).where('pluginId', '==', pluginId).get();
  return snap.docs.map((d) => d.data()).sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('paidworks');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  oneTime = `${publisherId}.route-planner`;
  monthly = `${publisherId}.fleet-insights`;
  doubleBuy = `${publisherId}.double-buy`;
  for (const [id, pricing] of [
    [oneTime, { model: 'one-time', amount: 1999, currency: 'usd' }],
    [doubleBuy, { model: 'one-time', amount: 1999, currency: 'usd' }],
    [monthly, { model: 'subscription', amount: 500, currency: 'jpy' }],
  ] as const) {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
    await admin.db.doc(paths.plugin(id)).update({ pricing, priceClass: 'paid' });
  }
  const ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  const operatorUser = await createUser(`${uniqueId('operator')}@example.com`);
  owner = await connectClient(ownerUser);
  operator = await connectClient(operatorUser);
  orgId = uniqueId('buyers');
  await owner.call(createOrg, { name: 'Buyers', orgId });
  await joinOrg(owner, operatorUser, orgId, 'operator');
}, 300_000);

afterAll(async () => {
  await Promise.all([developer, owner, operator].map((c) => c?.close()));
});

describe('paid plugins in test mode', () => {
  let purchase: PaymentSucceededEvent;

  it('refuse to install without a purchase, then sell once, split 80/20, and install', async () => {
    await expect(owner.call(install, { orgId, pluginId: oneTime, grantedPermissions: [] })).rejects.toMatchObject({
      details: { reason: 'entitlement-required' },
      message: expect.stringContaining('buy it for this organization first'),
    });
    await expect(operator.call(createCheckout, { orgId, pluginId: oneTime })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    const checkout = await owner.call(createCheckout, { orgId, pluginId: oneTime });
    expect(checkout.testMode).toBe(true);
    local = new LocalProvider({ secret: await readFile(defaultLocalPaymentsSecretFile(), 'utf8') });
    purchase = local.complete(checkout.checkoutId) as PaymentSucceededEvent;

    const status = await owner.call(completeTestCheckout, { checkoutId: checkout.checkoutId });
    expect(status).toMatchObject({ active: true, until: null });
    // Completing the same checkout again (a replay) changes nothing.
    await owner.call(completeTestCheckout, { checkoutId: checkout.checkoutId });
    const ledger = await ledgerOf(oneTime);
    expect(ledger).toHaveLength(1);
    // 20% of 1999 is 399.8: the marketplace takes floor (399), the developer the rest (1600).
    expect(ledger[0]).toMatchObject({
      kind: 'payment',
      amountMinor: 1999,
      developerMinor: 1600,
      marketplaceMinor: 399,
      currency: 'usd',
      orgId,
      publisherId,
      testMode: true,
    });
    await expect(owner.call(createCheckout, { orgId, pluginId: oneTime })).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    await expect(owner.call(install, { orgId, pluginId: oneTime, grantedPermissions: [] })).resolves.toMatchObject({
      changed: true,
    });
  });

  it('rejects webhook deliveries whose signature does not match, writing nothing', async () => {
    const refund = local.refund(purchase, 1999);
    const tampered = await deliver(refund, (body) =>
      body.replace('"refundedTotalMinor":1999', '"refundedTotalMinor":1'),
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toBe('signature-mismatch');
    const unsigned = await fetch(WEBHOOK, { method: 'POST', body: JSON.stringify(refund) });
    expect(unsigned.status).toBe(400);
    expect(await ledgerOf(oneTime)).toHaveLength(1);
    expect((await entitlement(oneTime))?.status).toBe('active');
  });

  it('reverses the ledger on refunds, once, and ends the entitlement on a full refund', async () => {
    const partial = local.refund(purchase, 999);
    expect((await deliver(partial)).status).toBe(200);
    expect((await deliver(partial)).body.outcome).toBe('duplicate');
    expect((await entitlement(oneTime))?.status).toBe('active');
    const full = local.refund(purchase, 1999);
    expect((await deliver(full)).status).toBe(200);
    const ledger = await ledgerOf(oneTime);
    expect(ledger).toHaveLength(3);
    const sum = (key: string) => ledger.reduce((total, e) => total + (e[key] as number), 0);
    expect({
      amount: sum('amountMinor'),
      developer: sum('developerMinor'),
      marketplace: sum('marketplaceMinor'),
    }).toEqual({
      amount: 0,
      developer: 0,
      marketplace: 0,
    });
    expect(await entitlement(oneTime)).toMatchObject({ status: 'ended', access: { active: false } });
    // Installed already: it stays installed, but cannot be installed again.
    await owner.call(uninstall, { orgId, pluginId: oneTime });
    await expect(owner.call(install, { orgId, pluginId: oneTime, grantedPermissions: [] })).rejects.toMatchObject({
      details: { reason: 'entitlement-required' },
      message: expect.stringContaining('refunded'),
    });
  });

  it('runs a subscription: lapsed, renewed, stale events ignored, cancelled at period end', async () => {
    const checkout = await owner.call(createCheckout, { orgId, pluginId: monthly });
    // A subscription that started 40 days ago, and whose first month was not renewed.
    const started = local.complete(checkout.checkoutId, Date.now() - 40 * DAY) as SubscriptionPaidEvent;
    expect((await deliver(started)).status).toBe(200);
    expect(await entitlement(monthly)).toMatchObject({ model: 'subscription', access: { active: false } });
    await expect(owner.call(install, { orgId, pluginId: monthly, grantedPermissions: [] })).rejects.toMatchObject({
      details: { reason: 'entitlement-required' },
    });

    const renewed = local.renew(started);
    expect((await deliver(renewed)).status).toBe(200);
    expect((await deliver(renewed)).body.outcome).toBe('duplicate');
    expect(await entitlement(monthly)).toMatchObject({ access: { active: true } });
    await owner.call(install, { orgId, pluginId: monthly, grantedPermissions: [] });

    // A cancellation created before the renewal, delivered after it: stale, changes nothing.
    const staleCancel = local.update(started, { status: 'canceled' }, started.created + DAY);
    expect((await deliver(staleCancel)).body.outcome).toBe('stale');
    expect(await entitlement(monthly)).toMatchObject({ access: { active: true } });

    // Cancelled at period end: still usable until the paid period ends.
    const cancel = local.update(renewed, { cancelAtPeriodEnd: true });
    expect((await deliver(cancel)).status).toBe(200);
    const ent = await entitlement(monthly);
    expect(ent).toMatchObject({ cancelAtPeriodEnd: true, access: { active: true } });
    expect(Date.parse((ent!.access as { until: string }).until)).toBe(renewed.periodEnd);

    const ledger = await ledgerOf(monthly);
    // Two paid invoices of 500 JPY (no minor units): 100 to the marketplace, 400 to the developer.
    expect(ledger.map((e) => [e.amountMinor, e.developerMinor, e.marketplaceMinor])).toEqual([
      [500, 400, 100],
      [500, 400, 100],
    ]);
  });

  it('attack: a double purchase is impossible (one open checkout; a second payment is refunded)', async () => {
    const buyers = uniqueId('double');
    await owner.call(createOrg, { name: 'Double', orgId: buyers });
    // Two tabs (or a double click) asking at once get the same checkout.
    const [first, second] = await Promise.all([
      owner.call(createCheckout, { orgId: buyers, pluginId: doubleBuy }),
      owner.call(createCheckout, { orgId: buyers, pluginId: doubleBuy }),
    ]);
    expect(second.checkoutId).toBe(first.checkoutId);
    expect((await owner.call(createCheckout, { orgId: buyers, pluginId: doubleBuy })).checkoutId).toBe(
      first.checkoutId,
    );
    await owner.call(completeTestCheckout, { checkoutId: first.checkoutId });
    // A second, distinct checkout paid anyway (opened before the first was paid, by another
    // route): its payment is refunded in full, and the organization holds one purchase.
    const provider = new LocalProvider({ secret: await readFile(defaultLocalPaymentsSecretFile(), 'utf8') });
    const other = await provider.createCheckout({
      orgId: buyers,
      pluginId: doubleBuy,
      publisherId,
      uid: owner.uid!,
      pricing: { model: 'one-time', amountMinor: 1999, currency: 'usd' },
      productName: 'Route planner',
      successUrl: 'http://localhost/ok',
      cancelUrl: 'http://localhost/cancel',
    });
    const status = await owner.call(completeTestCheckout, { checkoutId: other.checkoutId });
    expect(status.active).toBe(true);
    const entries = (await ledgerOf(doubleBuy)).filter((e) => e.orgId === buyers);
    const net = entries.reduce((sum, e) => sum + Number(e.amountMinor), 0);
    expect(entries.filter((e) => e.kind === 'payment')).toHaveLength(2);
    expect(entries.filter((e) => e.kind !== 'payment')).toHaveLength(1);
    expect(net).toBe(1999);
    const entitlement = (await admin.db.doc(paths.entitlement(buyers, doubleBuy)).get()).data()!;
    expect(entitlement).toMatchObject({ status: 'active', model: 'one-time' });
  });

  it('shows earnings to the publisher’s members only', async () => {
    const { rows } = await developer.call(getEarnings, { publisherId });
    // The maintained earnings rows equal a sum over the whole ledger.
    const everything = await admin.db
      .collection(collections.ledger)
      .withConverter(converters.ledgerEntry)
      .where('publisherId', '==', publisherId)
      .get();
    const fromLedger = aggregateEarnings(everything.docs.map((d) => d.data()));
    expect(rows).toEqual(fromLedger.map(({ publisherId: _publisher, ...row }) => row));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const route = rows.filter((r) => r.pluginId === oneTime);
    expect(route.reduce((t, r) => t + r.netMinor, 0)).toBe(0);
    expect(route.reduce((t, r) => t + r.grossMinor, 0)).toBe(1999);
    const fleet = rows.filter((r) => r.pluginId === monthly);
    expect(fleet.reduce((t, r) => t + r.developerMinor, 0)).toBe(800);
    expect(fleet.every((r) => r.currency === 'jpy' && r.testMode)).toBe(true);
    await expect(owner.call(getEarnings, { publisherId })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
  });
});
