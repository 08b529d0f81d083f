import { describe, expect, it } from 'vitest';
import { ago, formatWhen } from './when';

const at = (ms: number) => ({ toMillis: () => ms });

describe('when a reading or run happened', () => {
  it('says how long ago in seconds, minutes, hours and days', () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(ago(at(now - 12_000), now)).toBe('12 s ago');
    expect(ago(at(now - 3 * 60_000), now)).toBe('3 min ago');
    expect(ago(at(now - 2 * 3_600_000), now)).toBe('2 h ago');
    expect(ago(at(now - 4 * 86_400_000), now)).toBe('4 days ago');
    // A clock a little ahead of the server's never reads as "in the future".
    expect(ago(at(now + 5_000), now)).toBe('0 s ago');
  });

  it('reads a timestamp the server has not set yet as just now', () => {
    expect(ago(null)).toBe('just now');
    expect(formatWhen(undefined)).toBe('—');
  });
});
