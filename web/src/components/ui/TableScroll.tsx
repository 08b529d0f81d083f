import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its own box when it is wider than the screen or card, so
 * the page itself never does. The box is a labelled region the keyboard can focus (and then
 * scroll with the arrow keys).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
