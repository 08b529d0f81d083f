import { describe, expect, it } from 'vitest';
import { PUBLISHER_TOKEN_PREFIX, parsePublisherToken, tokenUid } from './tokens.js';

const ID = 'Ab3dEf6hIj9kLm2nOp5q';
// 43 base64url characters, underscores and hyphens included (they are part of the secret).
const SECRET = 'a_b-c'.repeat(8) + 'xyz';

describe('publisher token format', () => {
  it('splits a token into its id and secret, whatever the secret holds', () => {
    expect(parsePublisherToken(`${PUBLISHER_TOKEN_PREFIX}${ID}_${SECRET}`)).toEqual({ tokenId: ID, secret: SECRET });
    expect(tokenUid(ID)).toBe(`ptok_${ID}`);
  });

  it.each([
    ['no prefix', `${ID}_${SECRET}`],
    ['another prefix', `mlek_${ID}_${SECRET}`],
    ['a short id', `mlep_${ID.slice(1)}_${SECRET}`],
    ['an id with a hyphen', `mlep_${ID.slice(1)}-_${SECRET}`],
    ['no separator', `mlep_${ID}${SECRET}`],
    ['a short secret', `mlep_${ID}_${SECRET.slice(1)}`],
    ['a long secret', `mlep_${ID}_${SECRET}A`],
    ['a secret with a dot', `mlep_${ID}_${SECRET.slice(1)}.`],
    ['white space around it', ` mlep_${ID}_${SECRET}`],
    ['a trailing newline', `mlep_${ID}_${SECRET}\n`],
    ['nothing', ''],
  ])('refuses %s', (_name, token) => {
    expect(parsePublisherToken(token)).toBeUndefined();
  });
});
