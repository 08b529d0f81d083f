import { useEffect, useRef, useState } from 'react';

/**
 * The search box: results follow as you type (the URL, and so the query, updates 100 ms after
 * the last key); follows the URL when it changes from elsewhere (back, clear). The URL catching
 * up with what this box committed never overwrites keys typed since.
 */
export function SearchBox({ value, onCommit }: { value: string; onCommit: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  const committed = useRef<string | undefined>(undefined);
  if (value !== shown) {
    setShown(value);
    // eslint-disable-next-line react-hooks/refs -- compares with the last commit, never renders it
    if (value !== committed.current) setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const handle = setTimeout(() => {
      committed.current = text.trim();
      onCommit(text.trim());
    }, 100);
    return () => clearTimeout(handle);
  }, [text, value, onCommit]);
  return (
    <form role="search" className="search" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        placeholder="Search by name, keyword or id…"
        aria-label="Search plugins"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}
