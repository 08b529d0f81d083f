// The upload's progress: a bar redrawn in place on a terminal, a few plain lines in CI logs.
import { formatBytes } from '@mlebotics/shared/limits';

const WIDTH = 30;

/** Reports bytes sent on stderr (stdout keeps only the timeline). */
export function progressReporter(io: { err(text: string): void }, total: number, tty: boolean) {
  let lastQuarter = -1;
  const line = (sent: number) => {
    const fraction = total === 0 ? 1 : sent / total;
    const filled = Math.round(fraction * WIDTH);
    return `Uploading [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)
      .toString()
      .padStart(3)}%  ${formatBytes(sent)} / ${formatBytes(total)}`;
  };
  return {
    update(sent: number) {
      if (tty) {
        io.err(`\r${line(sent)}`);
        return;
      }
      // Plain logs: one line per quarter reached, so a CI log stays short.
      const quarter = Math.floor((sent / Math.max(total, 1)) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        io.err(`${line(sent)}\n`);
      }
    },
    done() {
      if (tty) io.err('\n');
    },
  };
}
