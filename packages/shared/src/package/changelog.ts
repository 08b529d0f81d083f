/** Release notes of one version taken from a Markdown changelog (Keep a Changelog style). */

/** Longest release notes kept for one version, in characters. */
export const MAX_RELEASE_NOTES_CHARS = 16_000;

const HEADING = /^(#{1,3})\s+(.*)$/;

/** The version a changelog heading names: `## 1.2.0`, `## [1.2.0] - 2026-12-01`, `## v1.2.0 (date)`. */
function headingVersion(title: string): string | undefined {
  const match = /^\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?(?:\s|$|\()/.exec(title.trim());
  return match?.[1];
}

/**
 * The section of `markdown` whose heading names `version`, without the heading: everything up
 * to the next heading of the same or a higher level. Undefined when there is no such section;
 * an empty string when the section has no text.
 */
export function releaseNotes(markdown: string, version: string): string | undefined {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let start = -1;
  let level = 0;
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const heading = HEADING.exec(line);
    if (!heading) continue;
    const depth = heading[1]!.length;
    if (start >= 0 && depth <= level) {
      return lines.slice(start, i).join('\n').trim();
    }
    if (start < 0 && headingVersion(heading[2]!) === version) {
      start = i + 1;
      level = depth;
    }
  }
  return start >= 0 ? lines.slice(start).join('\n').trim() : undefined;
}
