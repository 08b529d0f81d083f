import type { SearchHighlight } from '@mlebotics/shared';

/** Text with the ranges the search matched marked (ranges from the server, clamped and ordered here). */
export function Highlighted({ text, ranges }: { text: string; ranges?: SearchHighlight }) {
  if (!ranges || ranges.length === 0) return <>{text}</>;
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.max(start, Math.min(rawEnd, text.length));
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    if (end > start) parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return (
    <>{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</>
  );
}
