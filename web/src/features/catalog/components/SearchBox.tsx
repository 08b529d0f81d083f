import { useEffect, useState } from 'react';

/**
 * The search box: results follow as you type (the URL, and so the live query, updates 100 ms after
 * the last key); follows the URL when it changes (back, clear).
 */
export function SearchBox({ value, onCommit }: { value: string; onCommit: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const handle = setTimeout(() => onCommit(text.trim()), 100);
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
