import type { EarningsRow } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { formatMinor } from '../../../lib/money';
import { fetchEarnings } from '../api/revenue';
import { errorText } from '../../../lib/functions';

const amount = formatMinor;

/** A publisher's earnings per plugin and month: gross, refunds, the developer's 80% and the fee. */
export function Earnings({ publisherId }: { publisherId: string }) {
  const [rows, setRows] = useState<EarningsRow[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchEarnings(publisherId).then(
      (r) => setRows(r.rows),
      (e: unknown) => setError(errorText(e)),
    );
  }, [publisherId]);
  if (error) return <ErrorState message={error} />;
  if (!rows) return <Loading label="Loading earnings…" />;
  if (rows.length === 0) return <p className="muted">No sales yet.</p>;
  return (
    <TableScroll label={`Earnings of ${publisherId}`}>
      <table aria-label={`Earnings of ${publisherId}`}>
        <thead>
          <tr>
            <th>Month</th>
            <th>Plugin</th>
            <th>Sales</th>
            <th>Refunds</th>
            <th>Your 80%</th>
            <th>Marketplace 20%</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={`${r.period}/${r.pluginId}/${r.currency}/${r.testMode}`} data-testid="earnings-row">
              <td>{r.period}</td>
              <td>
                {r.pluginId}
                {r.testMode && <span className="badge"> test mode</span>}
              </td>
              <td>
                {amount(r.grossMinor, r.currency)} ({r.paymentCount})
              </td>
              <td>{r.refundCount ? `${amount(r.refundedMinor, r.currency)} (${r.refundCount})` : '—'}</td>
              <td>{amount(r.developerMinor, r.currency)}</td>
              <td>{amount(r.marketplaceMinor, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
