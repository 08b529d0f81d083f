/** A free-text reason shown as a sentence: trimmed, ending in a full stop unless it ends in punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
