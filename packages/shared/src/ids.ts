import unhomoglyph from 'unhomoglyph';

/**
 * Look-alike rules for plugin ids, publisher ids and publisher display names, shared by the
 * publish pipeline, the publisher callables, the seeding scripts and the console.
 *
 * A skeleton maps strings that look alike to one string, so a single claim document per
 * skeleton keeps every look-alike out: with `wavedrive` claimed, `uuavedrive`, `wavec1rive` and
 * `wаvedrive` (Cyrillic а) all land on the claimed document. Skeletons are compared and stored as
 * keys, never shown.
 */

/**
 * Look-alikes among lowercase ASCII on top of Unicode TR39, written as what each character folds
 * to. TR39 already maps `m` → `rn`, `0` → `O` and `1`/`I`/`|` → `l`; these rules go the same way,
 * one character to its longer or plainer spelling, never several characters to one: contractions
 * such as `vv` → `w` overlap (`vvv` is both `wv` and `vw`) and would give a result that depends on
 * the order they are applied in. A per-character map has no overlaps, so any spelling built from
 * look-alikes of a name folds to the name's skeleton (the property test in `ids.test.ts`).
 */
const ASCII_FOLDS: Readonly<Record<string, string>> = {
  m: 'rn',
  w: 'vv',
  u: 'v',
  d: 'cl',
  i: 'l',
  '1': 'l',
  '0': 'o',
  '5': 's',
  '8': 'b',
  '9': 'g',
  q: 'g',
};

/**
 * Dropped from skeletons: invisible characters, accents on Latin letters (`ö` reads as `o` in a
 * name), and everything that is not a letter, digit or mark (spaces, hyphens, punctuation), so
 * `Bot Works`, `bot-works` and `botworks` compare equal.
 */
const DROPPED = /[\p{Default_Ignorable_Code_Point}\u0300-\u036f]|[^\p{L}\p{N}\p{M}]/gu;

/**
 * One round: compatibility forms to plain ones (NFKC: fullwidth `Ｂ`, mathematical `𝐁`, ligatures,
 * which TR39 leaves to identifier normalisation), the TR39 skeleton (NFD, confusables map, NFD),
 * lowercase, the ASCII folds, the drops.
 */
function foldOnce(text: string): string {
  const tr39 = unhomoglyph(text.normalize('NFKC').normalize('NFD')).normalize('NFD').toLowerCase();
  let folded = '';
  for (const c of tr39) folded += ASCII_FOLDS[c] ?? c;
  return folded.replace(DROPPED, '');
}

/** Rounds after which a skeleton is taken as is (real names settle in two or three). */
const MAX_ROUNDS = 8;

/**
 * The confusable skeleton of a name (a publisher id, a plugin slug, a display name): equal for
 * names that look alike across scripts, case, spacing and punctuation. Folded to a fixed point,
 * because lowercasing and the ASCII folds can produce characters TR39 maps again.
 */
export function nameSkeleton(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = foldOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The skeleton of a plugin id `<publisher>.<slug>` (or of a publisher id): each part's skeleton. */
export function idSkeleton(id: string): string {
  return id.split('.').map(nameSkeleton).join('.');
}

/**
 * How far a reserved name reaches: `contained` anywhere in a name's skeleton (brand and authority
 * words: `mlebotics-official`, `0fficial-tools`), a `word` of the name (the short brand, which
 * is also a substring of ordinary words such as `html-export`), or only the `whole` name (generic
 * words that legitimate names contain: `security-camera`, `score-keeper`).
 */
type Reach = 'contained' | 'word' | 'whole';

const RESERVATIONS: ReadonlyArray<readonly [name: string, reach: Reach]> = [
  ['mlebotics', 'contained'],
  ['official', 'contained'],
  ['marketplace', 'contained'],
  ['admin', 'contained'],
  ['verified', 'contained'],
  ['mle', 'word'],
  ['system', 'whole'],
  ['platform', 'whole'],
  ['core', 'whole'],
  ['builtin', 'whole'],
  ['support', 'whole'],
  ['security', 'whole'],
];

/** Publisher namespaces, plugin slugs and display names the marketplace keeps for itself. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(RESERVATIONS.map(([name]) => name));

const RESERVED_SKELETONS = RESERVATIONS.map(([name, reach]) => ({ name, reach, skeleton: nameSkeleton(name) }));

const REASON_TAIL = 'which is reserved by the marketplace (look-alike spellings count too)';

/**
 * Why a single name (a publisher id, a plugin slug or a display name) is reserved, or undefined.
 * The reason names the reserved word it matched, e.g. `"0fficial-tools" contains "official", …`.
 */
export function reservedNameReason(name: string): string | undefined {
  const skeleton = nameSkeleton(name);
  const words = name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(nameSkeleton);
  for (const reserved of RESERVED_SKELETONS) {
    if (skeleton === reserved.skeleton) {
      return name.toLowerCase() === reserved.name
        ? `"${name}" is reserved by the marketplace`
        : `"${name}" reads as "${reserved.name}", ${REASON_TAIL}`;
    }
    if (reserved.reach === 'contained' && skeleton.includes(reserved.skeleton))
      return `"${name}" contains "${reserved.name}", ${REASON_TAIL}`;
    if (reserved.reach === 'word' && words.includes(reserved.skeleton))
      return `"${name}" contains the word "${reserved.name}", ${REASON_TAIL}`;
  }
  return undefined;
}

/** Why a plugin id `<publisher>.<slug>` is reserved, naming the part, or undefined. */
export function reservedReason(id: string): string | undefined {
  const [publisher = '', slug = ''] = id.split('.');
  const publisherReason = reservedNameReason(publisher);
  if (publisherReason) return `the publisher name ${publisherReason}`;
  const slugReason = reservedNameReason(slug);
  if (slugReason) return `the plugin name ${slugReason}`;
  return undefined;
}

/**
 * Characters a display name may not contain: controls, format characters (zero-width spaces,
 * bidirectional overrides that make `‮skrowtob` render as `botworks`), other invisible ones,
 * line separators, surrogates, private-use and unassigned code points.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

const MAX_SKELETON_BYTES = 1024;

/**
 * Why a publisher display name cannot be used on its own terms, or undefined. Whether it looks
 * like another publisher's id or display name is decided against the claims (`publisherClaimKeys`).
 */
export function displayNameProblem(displayName: string): string | undefined {
  const hidden = HIDDEN.exec(displayName)?.[0];
  if (hidden !== undefined) {
    const codePoint = hidden.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `it contains the invisible or control character U+${codePoint}; remove it`;
  }
  const skeleton = nameSkeleton(displayName);
  if (skeleton === '') return 'it needs letters or digits';
  // The skeleton is a Firestore document id (at most 1,500 bytes); NFKC expands some characters 18-fold.
  if (new TextEncoder().encode(skeleton).length > MAX_SKELETON_BYTES) return 'it is too long once normalised';
  return reservedNameReason(displayName);
}

/** A skeleton a publisher holds in `publisherClaims/{key}`, and what it was taken from. */
export interface PublisherClaimKey {
  key: string;
  source: 'id' | 'displayName';
}

/**
 * The claims a publisher holds: its id's skeleton and its display name's, once when they agree
 * (`botworks` / "Botworks"). Ids and display names share the collection, so a new id is checked
 * against other publishers' display names and a new display name against their ids, in one read.
 */
export function publisherClaimKeys(publisherId: string, displayName: string): PublisherClaimKey[] {
  const id = nameSkeleton(publisherId);
  const name = nameSkeleton(displayName);
  return name === id || name === ''
    ? [{ key: id, source: 'id' }]
    : [
        { key: id, source: 'id' },
        { key: name, source: 'displayName' },
      ];
}
