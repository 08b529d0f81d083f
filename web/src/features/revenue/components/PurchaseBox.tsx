import type { ListingDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { priceLabel } from '../../../components/ui/Badges';
import { ErrorNote } from '../../../components/ui/States';
import { completeTestPurchase, createCheckoutFor } from '../api/revenue';
import { entitlementActive, type EntitlementAccess } from '../entitlement';
import { errorText } from '../../../lib/functions';

/**
 * Buying a paid plugin for the organization. With Stripe the buyer goes to Stripe Checkout and
 * comes back here; the entitlement appears when the webhook confirms the payment. In test mode
 * (the emulator: no payment network) the purchase completes at once, without money, and is
 * labelled as such.
 */
export function PurchaseBox({
  orgId,
  orgName,
  pluginId,
  listing,
  entitlement,
  canBuy,
}: {
  orgId: string;
  orgName: string;
  pluginId: string;
  listing: ListingDoc;
  entitlement: EntitlementAccess | undefined;
  canBuy: boolean;
}) {
  const [params, setParams] = useSearchParams();
  const returning = params.get('checkout');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [testCheckout, setTestCheckout] = useState<string>();

  async function buy() {
    setBusy(true);
    setError(undefined);
    try {
      const checkout = await createCheckoutFor({ orgId, pluginId });
      if (checkout.testMode) setTestCheckout(checkout.checkoutId);
      else window.location.assign(checkout.url);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function completeTest() {
    setBusy(true);
    setError(undefined);
    try {
      await completeTestPurchase(testCheckout!);
      setTestCheckout(undefined);
      if (returning) setParams({}, { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const ended = entitlement?.access && !entitlementActive(entitlement);
  return (
    <div className="panel" data-testid="purchase">
      <p>
        <strong>{listing.name}</strong> is a paid plugin: {priceLabel(listing.pricing)}
        {listing.pricing?.model === 'subscription' ? ', billed monthly' : ', paid once'}. The developer receives 80%.
      </p>
      {ended && <p className="alert-warn">{entitlement!.access!.reason}</p>}
      {returning && returning !== 'cancelled' && !testCheckout && (
        <p className="muted" role="status">
          Payment submitted; waiting for the payment provider to confirm it…
        </p>
      )}
      {returning === 'cancelled' && <p className="muted">Checkout cancelled; nothing was charged.</p>}
      {testCheckout ? (
        <div className="alert-warn" data-testid="test-mode">
          <p>
            <strong>Test mode.</strong> There is no payment network here: this purchase completes at once and no money
            moves. It is recorded in the ledger as test-mode money.
          </p>
          <button type="button" className="button primary" disabled={busy} onClick={() => void completeTest()}>
            Complete test purchase
          </button>
        </div>
      ) : (
        <button type="button" className="button primary" disabled={!canBuy || busy} onClick={() => void buy()}>
          {listing.pricing?.model === 'subscription' ? 'Subscribe' : 'Buy'} for {orgName}
        </button>
      )}
      {!canBuy && <p className="muted">Only owners and admins of {orgName} can buy plugins.</p>}
      <ErrorNote message={error} />
    </div>
  );
}
