import {
  CATEGORIES,
  CATEGORY_LABELS,
  CURRENCY_CODES,
  PUBLISHER_ID,
  fromMinorUnits,
  isCurrencyCode,
  paths,
  toMinorUnits,
  type CurrencyCode,
  reservedReason,
  type Category,
  type ListingDoc,
  type VersionDoc,
  type createPublisher,
  type deprecate,
  type setPublisherMember,
  type updateListing,
  type yankVersion,
} from '@mlebotics/shared';
import { doc, getDoc } from 'firebase/firestore';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { PriceBadge, VerifiedBadge, priceLabel } from '../../components/ui/Badges';
import { DiffSummary } from '../../components/ui/DiffSummary';
import { EmptyState, ErrorState, Loading } from '../../components/ui/States';
import { db } from '../../lib/firebase';
import { formatDate, useDocument, useLiveQuery } from '../../lib/firestore';
import { call } from '../../lib/functions';
import { queries } from '../../lib/queries';
import { Earnings } from './Earnings';

/** Runs an action and keeps its outcome message. */
function useAction() {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await action();
      setMessage({ ok: true, text: ok });
      return true;
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const view = message && (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'alert-ok' : 'alert-error'}>
      {message.text}
    </p>
  );
  return { run, busy, view };
}

function CreatePublisherForm() {
  const { refresh } = useSession();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [availability, setAvailability] = useState<{ id: string; text: string; ok: boolean }>();
  const { run, busy, view } = useAction();
  // The id is checked as it is typed: its form, reserved names, and whether it is taken.
  useEffect(() => {
    if (!id) return;
    let current = true;
    const local = !PUBLISHER_ID.test(id)
      ? '2–40 lowercase letters, digits and single hyphens'
      : reservedReason(`${id}.x`);
    const handle = setTimeout(() => {
      if (local) {
        setAvailability({ id, text: local, ok: false });
        return;
      }
      void getDoc(doc(db, paths.publisherProfile(id))).then((snap) => {
        if (current) setAvailability({ id, text: snap.exists() ? 'taken' : 'available', ok: !snap.exists() });
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [id]);
  const status = availability?.id === id ? availability : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => call<typeof createPublisher>('createPublisher', { publisherId: id, displayName: name }),
      `Publisher ${id} created.`,
    ).then(async (ok) => {
      if (ok) await refresh();
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-label="Create a publisher">
      <h2>Create a publisher</h2>
      <label>
        Publisher id (the first part of your plugin ids)
        <input value={id} onChange={(e) => setId(e.target.value.toLowerCase())} required />
      </label>
      {id && (
        <p data-testid="publisher-id-check" className={status?.ok ? 'alert-ok' : status ? 'alert-error' : 'muted'}>
          {status ? `${id}: ${status.text}` : 'checking…'}
        </p>
      )}
      <label>
        Display name
        <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={80} />
      </label>
      <button type="submit" className="button primary" disabled={busy || !status?.ok}>
        Create publisher
      </button>
      {view}
    </form>
  );
}

function VersionRow({ pluginId, version }: { pluginId: string; version: VersionDoc & { id: string } }) {
  const { run, busy, view } = useAction();
  const [deprecating, setDeprecating] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <tr data-testid={`my-version-${version.version}`}>
      <td>
        {version.version} {version.status === 'yanked' && <span className="badge risk-high">yanked</span>}
        {version.deprecated && <span className="badge risk-medium">deprecated</span>}
      </td>
      <td>{formatDate(version.publishedAt)}</td>
      <td>
        <DiffSummary diff={version.permissionDiff} />
      </td>
      <td>
        <button
          type="button"
          className="button small"
          disabled={busy}
          onClick={() =>
            void run(
              () =>
                call<typeof yankVersion>('yankVersion', {
                  pluginId,
                  version: version.version,
                  yanked: version.status !== 'yanked',
                }),
              version.status === 'yanked'
                ? `${version.version} restored.`
                : `${version.version} yanked: hidden from new installs.`,
            )
          }
        >
          {version.status === 'yanked' ? 'Restore' : 'Yank'}
        </button>{' '}
        {version.deprecated ? (
          <button
            type="button"
            className="button small"
            disabled={busy}
            onClick={() =>
              void run(
                () => call<typeof deprecate>('deprecate', { pluginId, version: version.version, message: null }),
                'Deprecation lifted.',
              )
            }
          >
            Undeprecate
          </button>
        ) : deprecating ? (
          <form
            aria-label={`Deprecate ${version.version}`}
            style={{ flexDirection: 'row', alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () =>
                  call<typeof deprecate>('deprecate', { pluginId, version: version.version, message: reason.trim() }),
                'Deprecated.',
              ).then((ok) => ok && setDeprecating(false));
            }}
          >
            <label>
              Why is {version.version} deprecated?
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                minLength={5}
                maxLength={300}
              />
            </label>
            <button type="submit" className="button small" disabled={busy}>
              Deprecate
            </button>
            <button type="button" className="button small ghost" onClick={() => setDeprecating(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className="button small" disabled={busy} onClick={() => setDeprecating(true)}>
            Deprecate
          </button>
        )}
        {view}
      </td>
    </tr>
  );
}

function ListingSettings({ listing }: { listing: ListingDoc & { id: string } }) {
  const { session } = useSession();
  const { run, busy, view } = useAction();
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
        call<typeof updateListing>('updateListing', {
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
                call<typeof deprecate>('deprecate', {
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
      {view}
    </form>
  );
}

function PluginManager({ listing }: { listing: ListingDoc & { id: string } }) {
  const versions = useLiveQuery<VersionDoc>(queries.versions(listing.id), listing.id);
  return (
    <li className="panel" data-testid={`my-plugin-${listing.id}`}>
      <h3>
        <Link to={`/plugins/${listing.id}`}>{listing.name}</Link> <code>{listing.id}</code>{' '}
        {listing.visibility === 'private' && <span className="badge">private to {listing.privateOrgId}</span>}{' '}
        <PriceBadge pricing={listing.pricing} />
        {listing.deprecated && <span className="badge risk-medium">deprecated</span>}
      </h3>
      <p className="muted">
        Latest: {listing.latestVersion ?? 'none installable'} · {listing.installCount} installs ·{' '}
        {priceLabel(listing.pricing)}
      </p>
      {versions.status === 'ready' && (
        <table aria-label={`Versions of ${listing.id}`}>
          <thead>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th>Permissions</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.data.map((v) => (
              <VersionRow key={v.id} pluginId={listing.id} version={v} />
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Listing settings</summary>
        <ListingSettings listing={listing} />
      </details>
    </li>
  );
}

function PublisherSection({
  publisherId,
  displayName,
  role,
  verified,
}: {
  publisherId: string;
  displayName: string;
  role: string;
  verified: boolean;
}) {
  const plugins = useLiveQuery<ListingDoc>(queries.ownPlugins(publisherId), publisherId);
  const publisher = useDocument<{
    members: Record<string, string>;
    memberEmails?: Record<string, string>;
    memberNames?: Record<string, string>;
  }>(paths.publisher(publisherId));
  const [email, setEmail] = useState('');
  const [earningsOpen, setEarningsOpen] = useState(false);
  const { run, view } = useAction();
  return (
    <section className="panel">
      <h2>
        {displayName} <code>{publisherId}</code> {verified && <VerifiedBadge />}
      </h2>
      <p className="muted">
        Your role: {role} · <Link to={`/publishers/${publisherId}`}>public page</Link> ·{' '}
        <Link to="/publish">publish a version</Link>
      </p>
      <details>
        <summary>Members</summary>
        <ul>
          {Object.entries(publisher.data?.members ?? {}).map(([uid, memberRole]) => (
            <li key={uid}>
              {publisher.data?.memberNames?.[uid] ?? publisher.data?.memberEmails?.[uid] ?? 'Member'}
              {publisher.data?.memberNames?.[uid] && publisher.data?.memberEmails?.[uid]
                ? ` (${publisher.data.memberEmails[uid]})`
                : ''}{' '}
              ({memberRole})
            </li>
          ))}
        </ul>
        {role === 'owner' && (
          <form
            aria-label={`Add a member to ${publisherId}`}
            style={{ flexDirection: 'row', alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => call<typeof setPublisherMember>('setPublisherMember', { publisherId, email, role: 'member' }),
                `Invitation sent to ${email}. They join when they accept it, signed in with that email address (verified).`,
              );
            }}
          >
            <label>
              Email
              <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <button type="submit" className="button">
              Invite
            </button>
          </form>
        )}
        {view}
      </details>
      {/* Loaded when opened (and again at each opening), not with the page. */}
      <details onToggle={(e) => setEarningsOpen(e.currentTarget.open)}>
        <summary>Earnings</summary>
        {earningsOpen && <Earnings publisherId={publisherId} />}
      </details>
      {plugins.status === 'loading' && <Loading label="Loading plugins…" />}
      {plugins.status === 'error' && <ErrorState message={plugins.error} />}
      {plugins.status === 'ready' && plugins.data.length === 0 && <p>No plugins yet.</p>}
      {plugins.status === 'ready' && (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {plugins.data.map((p) => (
            <PluginManager key={p.id} listing={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** "My plugins": the caller's publishers, their plugins and versions, and their settings. */
export function MyPluginsPage() {
  const { session } = useSession();
  if (!session) return <Loading />;
  return (
    <section>
      <h1>My plugins</h1>
      {session.publishers.length === 0 && <EmptyState title="You publish under a publisher: create yours" />}
      {session.publishers.map((p) => (
        <PublisherSection
          key={p.id}
          publisherId={p.id}
          displayName={p.displayName}
          role={p.role}
          verified={p.verified}
        />
      ))}
      <CreatePublisherForm />
    </section>
  );
}
