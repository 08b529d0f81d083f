// Follows a file as it grows (like `tail -f`) and echoes it to stdout; used to show the tests'
// output live while the emulators' logs go to their own file.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export function followFile(path, out = process.stdout) {
  let position = 0;
  const buffer = Buffer.alloc(64 * 1024);
  const drain = () => {
    let size;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (size <= position) return;
    const fd = openSync(path, 'r');
    try {
      while (position < size) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
        if (n <= 0) break;
        out.write(buffer.subarray(0, n));
        position += n;
      }
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(drain, 200);
  return {
    async stop() {
      clearInterval(timer);
      drain();
    },
  };
}

/** Lines of the emulators' log a reader must see: the storage rules stand-in banner, errors starting up. */
export function echoEmulatorNotices(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const notices = text
    .split('\n')
    .filter((line) => /^!!|⚠.*(storage|rules|stand-in)|Error: |emulators: .*(failed|error)/i.test(line))
    .slice(0, 40);
  if (notices.length) console.log(`\nFrom the emulators' log:\n${notices.join('\n')}`);
}
