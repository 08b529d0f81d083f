/** What a literal's anchor is not: lowercase letters, digits and spaces are everywhere in code. */
const RARE_FIRST = /[^a-z0-9 ]/;

/**
 * A set of literals searched for together: each by its first character that is not a lowercase
 * letter or digit (its anchor), one `indexOf` loop per anchor, so the search runs at the speed of
 * scanning for a character that most code has few of, not once per literal nor through a
 * regular expression's alternation (which restarts at every position).
 */
export class LiteralSet {
  private readonly byAnchor = new Map<string, Array<{ literal: string; at: number }>>();
  private readonly maxAt: number = 0;

  constructor(literals: Iterable<string>) {
    for (const literal of new Set(literals)) {
      const at = Math.max(0, literal.search(RARE_FIRST));
      const anchor = literal[at]!;
      const list = this.byAnchor.get(anchor) ?? [];
      list.push({ literal, at });
      this.maxAt = Math.max(this.maxAt, at);
      this.byAnchor.set(anchor, list);
    }
  }

  /** The literals that occur in `text` starting before `limit`. */
  found(text: string, limit = text.length): Set<string> {
    const found = new Set<string>();
    for (const [anchor, list] of this.byAnchor) {
      let left = list.length;
      for (
        let i = text.indexOf(anchor);
        i !== -1 && left > 0 && i < limit + this.maxAt;
        i = text.indexOf(anchor, i + 1)
      ) {
        for (const { literal, at } of list) {
          const start = i - at;
          if (start < 0 || start >= limit || found.has(literal) || !text.startsWith(literal, start)) continue;
          found.add(literal);
          left--;
        }
      }
    }
    return found;
  }
}
