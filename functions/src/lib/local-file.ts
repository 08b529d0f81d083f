import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Emulator only: the content of a secret file outside the repository, created by `generate` on
 * first use and shared by every function instance. A concurrent first use is settled by link(),
 * which never replaces an existing file: every instance ends up with the same content.
 */
export async function readOrCreateSecretFile(file: string, generate: () => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, generate(), { mode: 0o600, flag: 'wx' });
    await link(temp, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await unlink(temp);
    return readFile(file, 'utf8');
  }
}
