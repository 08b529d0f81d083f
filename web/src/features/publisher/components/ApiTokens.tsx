import type { PublisherTokenSummary } from '@mlebotics/shared';
import { useState } from 'react';
import { CallStates } from '../../../components/ui/CallStates';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Dialog } from '../../../components/ui/Dialog';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useCallData } from '../../../hooks/use-call-data';
import { createToken, listTokens, revokeToken } from '../api/tokens';

const date = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

function stateOf(token: PublisherTokenSummary, now: number): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  return Date.parse(token.expiresAt) <= now ? 'expired' : 'active';
}

/**
 * A publisher's API tokens for CI publishing (owners only): create one (its secret shown once,
 * with a copy button), see when each was last used, revoke one.
 */
export function ApiTokens({ publisherId }: { publisherId: string }) {
  // A token's state (expired or not) is as of when the list was read.
  const { state: list, reload } = useCallData(async () => ({
    tokens: (await listTokens(publisherId)).tokens,
    readAt: Date.now(),
  }));
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [secret, setSecret] = useState<{ token: string; name: string }>();
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<PublisherTokenSummary>();
  const tokens = list.status === 'ready' ? list.data.tokens : undefined;
  const now = list.status === 'ready' ? list.data.readAt : 0;

  const validName = name.trim().length >= 2 && name.trim().length <= 80;
  return (
    <section aria-labelledby="api-tokens-title" data-testid="api-tokens">
      <h2 id="api-tokens-title">API tokens</h2>
      <p className="muted">
        A token lets a CI job publish packages for <code>{publisherId}</code> with <code>mlebotics-plugin publish</code>
        , and nothing else. It stops when revoked, when it expires, or when the owner who created it is no longer an
        owner.
      </p>
      <p>
        <button type="button" className="button" onClick={() => setCreating(true)}>
          Create token
        </button>
      </p>
      <CallStates state={list} what="The API tokens" />
      {tokens && tokens.length === 0 && <p className="muted">No tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <TableScroll label="API tokens">
          <table aria-label="API tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const state = stateOf(t, now);
                return (
                  <tr key={t.tokenId} data-testid={`token-${t.tokenId}`}>
                    <td>
                      {t.name}
                      <br />
                      <span className="small muted">by {t.createdByEmail ?? t.createdBy}</span>
                    </td>
                    <td data-testid="token-state">
                      {state}
                      {t.revokedAt && <span className="small muted"> {date(t.revokedAt)}</span>}
                    </td>
                    <td>{date(t.createdAt)}</td>
                    <td>{date(t.expiresAt)}</td>
                    <td data-testid="token-last-used">{t.lastUsedAt ? date(t.lastUsedAt) : 'never'}</td>
                    <td>
                      {state === 'active' && (
                        <button type="button" className="button small danger" onClick={() => setRevoking(t)}>
                          Revoke <span className="visually-hidden">{t.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ConfirmDialog
        open={creating}
        title="Create an API token"
        message={<p>The token can publish packages for {publisherId} until it expires or you revoke it.</p>}
        confirmLabel="Create token"
        canConfirm={validName && days >= 1 && days <= 366}
        onCancel={() => setCreating(false)}
        onConfirm={async () => {
          const created = await createToken(publisherId, name.trim(), days);
          setCreating(false);
          setName('');
          setCopied(false);
          setSecret({ token: created.token, name: created.summary.name });
          reload();
        }}
      >
        <label>
          Name (what uses it, e.g. “GitHub Actions: release.yml”)
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
        </label>
        <label>
          Expires in (days, 1–366)
          <input
            type="number"
            min={1}
            max={366}
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            required
          />
        </label>
      </ConfirmDialog>
      <Dialog
        open={secret !== undefined}
        title={`Token “${secret?.name ?? ''}” created`}
        onClose={() => setSecret(undefined)}
      >
        <p>
          <strong>Copy it now: you will not see it again.</strong> Store it as a secret of your CI (for example{' '}
          <code>MLEBOTICS_TOKEN</code>); the marketplace keeps only its hash.
        </p>
        <p>
          <code data-testid="new-token" className="token-secret">
            {secret?.token}
          </code>
        </p>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() =>
              void navigator.clipboard?.writeText(secret?.token ?? '').then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy token'}
          </button>
          <button type="button" className="button primary" onClick={() => setSecret(undefined)}>
            Done
          </button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={revoking !== undefined}
        title="Revoke this API token?"
        message={
          <p>
            CI jobs using “{revoking?.name}” are refused from their next call, including a publish in progress. This
            cannot be undone.
          </p>
        }
        confirmLabel="Revoke token"
        danger
        onCancel={() => setRevoking(undefined)}
        onConfirm={async () => {
          await revokeToken(publisherId, revoking!.tokenId);
          setRevoking(undefined);
          reload();
        }}
      />
    </section>
  );
}
