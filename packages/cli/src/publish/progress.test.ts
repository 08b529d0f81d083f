import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.js';

const KiB = 1024;

function capture(tty: boolean, total: number, steps: number[]) {
  let text = '';
  const progress = progressReporter({ err: (t) => (text += t) }, total, tty);
  for (const sent of steps) progress.update(sent);
  progress.done();
  return text;
}

describe('upload progress', () => {
  it('prints one plain line per quarter reached in CI logs, never the same quarter twice', () => {
    const text = capture(
      false,
      1024 * KiB,
      [256, 300, 512, 600, 768, 1000, 1024].map((k) => k * KiB),
    );
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => l.match(/(\d+)%/)![1])).toEqual(['25', '50', '75', '100']);
    expect(text).not.toContain('\r');
    expect(lines.at(-1)).toBe(`Uploading [${'█'.repeat(30)}] 100%  1 MiB / 1 MiB`);
  });

  it('redraws one bar in place on a terminal and ends the line once', () => {
    const text = capture(true, 1000 * KiB, [250 * KiB, 1000 * KiB]);
    expect(text.split('\r').length - 1).toBe(2);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.match(/\n/g)).toHaveLength(1);
    expect(text).toContain(`[${'█'.repeat(8)}${'░'.repeat(22)}]  25%`);
  });
});
