import { useEffect, useRef, useState } from 'react';

/** How long after the last key the text is written to the URL (one history entry, replaced while typing). */
export const COMMIT_DELAY_MS = 100;

/**
 * The search box's text: what the person typed, searched at once (the page searches the live
 * text), and written to the URL `COMMIT_DELAY_MS` after the last key. It follows the URL when the
 * URL changes from elsewhere (back, clear, "did you mean"); the URL catching up with what was
 * committed never overwrites keys typed since.
 */
export function useSearchText(
  committed: string,
  commit: (text: string) => void,
): [text: string, setText: (text: string) => void] {
  const [text, setText] = useState(committed);
  const [seen, setSeen] = useState(committed);
  const lastCommit = useRef<string | undefined>(undefined);
  if (committed !== seen) {
    setSeen(committed);
    // eslint-disable-next-line react-hooks/refs -- compares with the last commit, never renders it
    if (committed !== lastCommit.current) setText(committed);
  }
  useEffect(() => {
    if (text.trim() === committed) return;
    const handle = setTimeout(() => {
      lastCommit.current = text.trim();
      commit(text.trim());
    }, COMMIT_DELAY_MS);
    return () => clearTimeout(handle);
  }, [text, committed, commit]);
  return [text, setText];
}
