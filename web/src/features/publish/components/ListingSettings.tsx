import {
  CATEGORIES,
  CATEGORY_LABELS,
  CURRENCY_CODES,
  fromMinorUnits,
  isCurrencyCode,
  toMinorUnits,
  type Category,
  type CurrencyCode,
  type ListingDoc,
} from '@mlebotics/shared';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../../app/session';
import { OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { saveListing, markDeprecated } from '../api/publish';

/** A listing's settings: summary, categories, visibility, pricing, and deprecating the plugin. */
export function ListingSettings({ listing }: { listing: ListingDoc & { id: string } }) {
  const { session } = useSession();
  const { run, busy, outcome } = useAction();
  const [summary, setSummary] = useState(listing.summary);
  const [categories, setCategories] = useState<Category[]>(listing.categories);
  const [visibility, setVisibility] = useState(
    listing.visibility === 'private' ? (listing.privateOrgId ?? '') : 'public',
  );
  const [model, setModel] = useState(listing.pricing?.model ?? 'free');
  const [currency, setCurrency] = useState<CurrencyCode>(
    listing.pricing && listing.pricing.model !== 'free' && isCurrencyCode(listing.pricing.currency)
      ? listing.pricing.currency
      : 'usd',
  );
  const [amount, setAmount] = useState(
    listing.pricing && listing.pricing.model !== 'free' ? fromMinorUnits(listing.pricing.amount, currency) : '9.00',
  );
  const [deprecation, setDeprecation] = useState(listing.deprecated?.message ?? '');
  const [replacement, setReplacement] = useState(listing.deprecated?.replacement ?? '');
  const managedOrgs = session?.orgs.filter((o) => o.role !== 'operator') ?? [];
  const save = (event: FormEvent) => {
    event.preventDefault();
    let pricing;
    try {
      pricing =
        model === 'free' ? { model: 'free' as const } : { model, amount: toMinorUnits(amount, currency), currency };
    } catch (error) {
      void run(() => Promise.reject(error as Error), '');
      return;
    }
    void run(
      () =>
        saveListing({
          pluginId: listing.id,
          summary,
          categories,
          visibility: visibility === 'public' ? { visibility: 'public' } : { visibility: 'private', orgId: visibility },
          pricing: pricing as never,
        }),
      'Listing settings saved.',
    );
  };
  return (
    <form onSubmit={save} aria-label={`Settings of ${listing.id}`}>
      <label>
        Summary
        <textarea
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          minLength={10}
          maxLength={300}
          rows={2}
        />
      </label>
      <fieldset>
        <legend>Categories (1–3)</legend>
        {CATEGORIES.map((c) => (
          <label
            key={c}
            style={{
              display: 'inline-flex',
              flexDirection: 'row',
              gap: '0.3rem',
              marginRight: '0.8rem',
              fontWeight: 400,
            }}
          >
            <input
              type="checkbox"
              checked={categories.includes(c)}
              onChange={(e) => setCategories(e.target.checked ? [...categories, c] : categories.filter((x) => x !== c))}
            />
            {CATEGORY_LABELS[c]}
          </label>
        ))}
      </fieldset>
      <label>
        Visibility
        <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
          <option value="public">Public: everyone</option>
          {managedOrgs.map((o) => (
            <option key={o.id} value={o.id}>
              Private to {o.name} (internal registry)
            </option>
          ))}
        </select>
      </label>
      <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-end' }}>
        <label>
          Pricing
          <select value={model} onChange={(e) => setModel(e.target.value as typeof model)}>
            <option value="free">Free</option>
            <option value="one-time">One-time purchase</option>
            <option value="subscription">Monthly subscription</option>
          </select>
        </label>
        {model !== 'free' && (
          <>
            <label>
              Price
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              Currency
              <select value={currency} onChange={(e) => setCurrency(e.target.value as CurrencyCode)}>
                {CURRENCY_CODES.map((code) => (
                  <option key={code} value={code}>
                    {code.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </div>
      <button type="submit" className="button primary" disabled={busy}>
        Save settings
      </button>
      <fieldset>
        <legend>Deprecate the whole plugin</legend>
        <label>
          Message shown to operators
          <input
            value={deprecation}
            onChange={(e) => setDeprecation(e.target.value)}
            placeholder="No longer maintained"
          />
        </label>
        <label>
          Replacement plugin id (optional)
          <input
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
            placeholder="publisher.other-plugin"
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run(
              () =>
                markDeprecated({
                  pluginId: listing.id,
                  message: deprecation.trim() ? deprecation.trim() : null,
                  replacement: replacement.trim() || null,
                }),
              deprecation.trim() ? 'Plugin deprecated.' : 'Deprecation lifted.',
            )
          }
        >
          {deprecation.trim() ? 'Deprecate plugin' : 'Lift deprecation'}
        </button>
      </fieldset>
      <OutcomeNote outcome={outcome} />
    </form>
  );
}
