/**
 * Plugin id ownership rules shared by the publish pipeline and the developer tools.
 *
 * The confusable skeleton maps ids that look alike to the same string, so that
 * `acme.rnotor-driver` cannot be published next to `acme.motor-driver` by someone else. Ids are
 * lowercase ASCII (the manifest schema), so the table covers the visually confusable letters and
 * digits of that alphabet (after Unicode TR39's confusables for Latin) and ignores hyphens.
 */
const MULTI: Array<[string, string]> = [
  ['rn', 'm'],
  ['vv', 'w'],
  ['cl', 'd'],
  ['nn', 'm'],
];
const SINGLE: Record<string, string> = { '0': 'o', '1': 'l', i: 'l', '5': 's', '8': 'b', '9': 'g', q: 'g', u: 'v' };

export function idSkeleton(id: string): string {
  let s = id.toLowerCase().replace(/-/g, '');
  for (const [from, to] of MULTI) s = s.split(from).join(to);
  return [...s].map((c) => SINGLE[c] ?? c).join('');
}

/** Publisher namespaces and plugin slugs the marketplace keeps for itself. */
export const RESERVED_NAMES = new Set([
  'mlebotics',
  'mle',
  'official',
  'marketplace',
  'admin',
  'system',
  'platform',
  'core',
  'builtin',
  'support',
  'security',
  'verified',
]);

/** Why an id is reserved, or undefined. */
export function reservedReason(id: string): string | undefined {
  const [publisher = '', slug = ''] = id.split('.');
  const reservedSkeletons = new Set([...RESERVED_NAMES].map(idSkeleton));
  if (reservedSkeletons.has(idSkeleton(publisher)))
    return `the publisher name "${publisher}" is reserved by the marketplace`;
  if (reservedSkeletons.has(idSkeleton(slug))) return `the plugin name "${slug}" is reserved by the marketplace`;
  return undefined;
}
