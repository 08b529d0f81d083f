import fc from 'fast-check';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  displayNameProblem,
  idSkeleton,
  nameSkeleton,
  publisherClaimKeys,
  reservedNameReason,
  reservedReason,
} from './ids.js';
import { diffPermissions, permissionSetKey, permissionsGrow } from './permissions/diff.js';
import { queryToken, searchTokens } from './search/tokens.js';

/**
 * Look-alike substitutions an attacker makes, written from what a reader sees rather than from
 * the implementation's tables: each character of a claimed id may be replaced by any of these.
 */
const LOOK_ALIKES: Record<string, string[]> = {
  m: ['rn'],
  w: ['vv', 'uu', 'vu', 'uv'],
  d: ['cl', 'c1', 'ci'],
  l: ['1', 'i', 'I', '|'],
  i: ['1', 'l'],
  o: ['0', 'O', '\u043e' /* Cyrillic о */, '\u03bf' /* Greek ο */],
  s: ['5'],
  b: ['8', 'B', '\u0412' /* Cyrillic В */],
  g: ['9', 'q'],
  q: ['9', 'g'],
  v: ['u'],
  u: ['v'],
  a: ['\u0430' /* Cyrillic а */],
  e: ['\u0435' /* Cyrillic е */],
  c: ['\u0441' /* Cyrillic с */],
  p: ['\u0440' /* Cyrillic р */],
  x: ['\u0445' /* Cyrillic х */],
  '-': ['', '--'],
};

/** Replaces characters of `id` by look-alikes, each choice picked by the next number. */
function disguise(id: string, picks: number[]): string {
  let n = 0;
  return [...id]
    .map((c) => {
      const options = LOOK_ALIKES[c];
      const pick = picks[n++ % picks.length]!;
      return options && pick % 3 !== 0 ? options[pick % options.length]! : c;
    })
    .join('');
}

const claimedId = fc.stringMatching(/^[a-z0-9](?:-?[a-z0-9]){1,24}$/);

describe('confusable skeletons', () => {
  it('fold the look-alikes of a claimed id together, in whatever order they were applied', () => {
    for (const lookAlike of [
      'uuavedrive',
      'wavec1rive',
      'vvavedrive',
      'wave-drive',
      'wavedr1ve',
      'wavecIrive',
      'uvavedrive',
    ])
      expect([lookAlike, idSkeleton(lookAlike)]).toEqual([lookAlike, idSkeleton('wavedrive')]);
    expect(idSkeleton('botvvorks.unit-converter')).toBe(idSkeleton('botworks.unit-converter'));
    expect(idSkeleton('acme.motor-driver')).toBe(idSkeleton('acrne.motor-driver'));
    expect(idSkeleton('acme.motor-driver')).toBe(idSkeleton('acme.m0tor-driver'));
    expect(idSkeleton('paypal.tools')).toBe(idSkeleton('paypa1.tools'));
  });

  it('keep ids that do not look alike apart', () => {
    expect(idSkeleton('acme.motor-driver')).not.toBe(idSkeleton('acme.servo-driver'));
    expect(idSkeleton('botworks')).not.toBe(idSkeleton('robotworks'));
    expect(idSkeleton('acme.tools')).not.toBe(idSkeleton('acmetools'));
  });

  it('map any disguise of a claimed id to its skeleton (property)', () => {
    fc.assert(
      fc.property(
        claimedId,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        (id, first, second) => {
          // Two rounds: a look-alike of a look-alike (w → vv → uu) is still a look-alike.
          const disguised = disguise(disguise(id, first), second);
          expect(idSkeleton(disguised)).toBe(idSkeleton(id));
          expect(nameSkeleton(disguised)).toBe(nameSkeleton(id));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('tell apart ids that differ by a letter with no look-alike (property)', () => {
    fc.assert(
      fc.property(claimedId, fc.nat(), (id, at) => {
        const i = at % id.length;
        fc.pre(id[i] !== 'z');
        expect(idSkeleton(`${id.slice(0, i)}z${id.slice(i + 1)}`)).not.toBe(idSkeleton(id));
      }),
      { numRuns: 1000 },
    );
  });

  it('are stable: the skeleton of a skeleton is itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const skeleton = nameSkeleton(text);
        expect(nameSkeleton(skeleton)).toBe(skeleton);
      }),
      { numRuns: 1000 },
    );
  });

  it('match display names against ids across scripts, case, spacing and punctuation', () => {
    for (const name of [
      'Botworks',
      'B0tworks',
      '\u0412otworks',
      'BOTWORKS',
      'Bot Works',
      'Bot-Works!',
      '\u{1d401}\u{1d428}\u{1d42d}\u{1d430}\u{1d428}\u{1d42b}\u{1d424}\u{1d42c}',
      '\uff22\uff4f\uff54\uff57\uff4f\uff52\uff4b\uff53',
      'B\u00f6tw\u00f6rks',
    ])
      expect([name, nameSkeleton(name)]).toEqual([name, nameSkeleton('botworks')]);
    expect(nameSkeleton('Botworks')).toBe(idSkeleton('botworks'));
    expect(nameSkeleton('Maker Labs')).not.toBe(nameSkeleton('Botworks'));
  });
});

describe('reserved names', () => {
  it('refuse ids whose skeleton contains a marketplace name', () => {
    for (const name of [
      'mlebotics',
      'mlebotics-official',
      'mlebotics2',
      '0fficial-tools',
      'm1ebotics',
      'rnlebotics',
      'the-marketplace',
      'sysadmin',
      'verified-tools',
      'offlcial',
    ])
      expect([name, reservedNameReason(name)]).toEqual([name, expect.stringMatching(/reserved by the marketplace/)]);
    expect(reservedNameReason('mlebotics-official')).toMatch(/"mlebotics"/);
    expect(reservedNameReason('0fficial-tools')).toMatch(/"official"/);
  });

  it('refuse generic marketplace words as the whole name, and the short brand as a word', () => {
    for (const name of [
      'core',
      'c0re',
      'system',
      'platform',
      'support',
      'security',
      'builtin',
      'mle',
      'mle-tools',
      'tools-m1e',
    ])
      expect([name, reservedNameReason(name)]).toEqual([name, expect.stringMatching(/reserved by the marketplace/)]);
    for (const name of [
      'acme',
      'score-keeper',
      'security-camera',
      'html-export',
      'ecosystem-map',
      'platform-bridge',
      'botworks',
    ])
      expect([name, reservedNameReason(name)]).toEqual([name, undefined]);
  });

  it('name the part of a plugin id that is reserved', () => {
    expect(reservedReason('mlebotics.tools')).toMatch(/publisher name "mlebotics" .*reserved/);
    expect(reservedReason('m1ebotics.tools')).toMatch(/reserved/);
    expect(reservedReason('acme.official')).toMatch(/plugin name "official" .*reserved/);
    expect(reservedReason('acme.0fficial-tools')).toMatch(/plugin name "0fficial-tools" contains "official"/);
    expect(reservedReason('acme.mlebotics2')).toMatch(/reserved/);
    expect(reservedReason('acme.tools')).toBeUndefined();
  });

  it('leave the demo publisher and every example plugin alone', async () => {
    const examples = new URL('../../../examples/', import.meta.url);
    const ids: string[] = [];
    for (const entry of await readdir(examples, { withFileTypes: true }))
      if (entry.isDirectory())
        ids.push(JSON.parse(await readFile(new URL(`${entry.name}/plugin.json`, examples), 'utf8')).id);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect([id, reservedReason(id)]).toEqual([id, undefined]);
    expect(displayNameProblem('Botworks')).toBeUndefined();
  });
});

describe('publisher display names', () => {
  it('refuse invisible and direction-changing characters, names without letters and reserved names', () => {
    expect(displayNameProblem('Bot\u200bworks')).toMatch(/invisible or control character U\+200B/);
    expect(displayNameProblem('\u202eskrowtob')).toMatch(/U\+202E/);
    expect(displayNameProblem('!! --')).toMatch(/letters or digits/);
    expect(displayNameProblem('MLEbotics Official')).toMatch(/reserved by the marketplace/);
    expect(displayNameProblem('MLE Team')).toMatch(/reserved by the marketplace/);
    expect(displayNameProblem('\ufdfa'.repeat(80))).toMatch(/too long once normalised/);
    expect(displayNameProblem('Maker Labs')).toBeUndefined();
  });

  it('claim the skeletons of the id and of the display name, once when they agree', () => {
    expect(publisherClaimKeys('botworks', 'Botworks')).toEqual([{ key: idSkeleton('botworks'), source: 'id' }]);
    expect(publisherClaimKeys('evilpub', 'Maker Labs')).toEqual([
      { key: idSkeleton('evilpub'), source: 'id' },
      { key: nameSkeleton('Maker Labs'), source: 'displayName' },
    ]);
  });
});

describe('permission diffs', () => {
  const fetch = (hosts: string[]) => ({
    name: 'network:fetch' as const,
    reason: 'Reads the weather service',
    hosts: hosts as [string, ...string[]],
  });
  it('name added, removed and changed permissions and scopes', () => {
    const diff = diffPermissions(
      [fetch(['a.example.com']), { name: 'sensors:read', reason: 'Reads the sensors' }],
      [fetch(['a.example.com', 'b.example.com'])],
    );
    expect(diff).toEqual({
      added: [],
      removed: [{ name: 'sensors:read', reason: 'Reads the sensors' }],
      changed: [{ name: 'network:fetch', added: ['b.example.com'], removed: [] }],
    });
    expect(permissionsGrow(diff)).toBe(true);
    expect(
      permissionsGrow(diffPermissions([fetch(['a.example.com', 'b.example.com'])], [fetch(['a.example.com'])])),
    ).toBe(false);
  });

  it('compare permission sets regardless of order and reasons', () => {
    expect(permissionSetKey([fetch(['b.example.com', 'a.example.com']), { name: 'ui:panel', reason: 'x' }])).toBe(
      permissionSetKey([{ name: 'ui:panel', reason: 'y' }, fetch(['a.example.com', 'b.example.com'])]),
    );
  });
});

describe('search tokens', () => {
  it('index prefixes of name, id, keywords and summary, and query the longest word', () => {
    const tokens = searchTokens({
      id: 'acme.thermo-sense',
      name: 'ThermoSense Pro',
      summary: 'Reads temperature sensors',
      keywords: ['climate'],
      publisherId: 'acme',
    });
    expect(tokens).toEqual(
      expect.arrayContaining(['th', 'thermosense', 'ther', 'cl', 'climate', 'temp', 'temperature', 'sensors', 'ac']),
    );
    expect(tokens).not.toContain('t');
    expect(queryToken('  Temperature of ')).toBe('temperature');
    expect(queryToken('a')).toBeUndefined();
    expect(queryToken('Café')).toBe('cafe');
  });
});
