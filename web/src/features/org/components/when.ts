/** Milliseconds of a Firestore timestamp (undefined while the server sets it). */
const millis = (t: unknown): number | undefined => (t as { toMillis?: () => number } | null | undefined)?.toMillis?.();

/** Date and time of a Firestore timestamp, to the second ("—" while the server sets it). */
export function formatWhen(t: unknown): string {
  const ms = millis(t);
  return ms === undefined
    ? '—'
    : new Date(ms).toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
}

/** How long ago, in words ("12 s ago", "3 min ago", "2 h ago", "4 days ago"). */
export function ago(t: unknown, now = Date.now()): string {
  const ms = millis(t);
  if (ms === undefined) return 'just now';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}
