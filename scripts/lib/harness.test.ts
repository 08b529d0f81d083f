import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, emulatorPorts } from './firebase.mjs';
import { findJava, parseJavaMajor } from './java.mjs';
import { readFileSync } from 'node:fs';
import { spawnGroup } from './processes.mjs';

/** Running, not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}

describe('Java discovery', () => {
  it('reads the major version of every java -version spelling', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "25" 2025-09-16')).toBe(25);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('garbage')).toBeUndefined();
  });

  it('skips a JAVA_HOME older than 21 and finds a newer JDK, or explains what to install', () => {
    try {
      const found = findJava({ JAVA_HOME: '/usr/lib/jvm/java-17-openjdk-amd64' });
      expect(found?.major).toBeGreaterThanOrEqual(21);
    } catch (error) {
      expect((error as Error).message).toMatch(/need Java 21 or newer[\s\S]*Fix: install a JDK 21\+/);
    }
  });
});

describe('process groups', () => {
  it('stop the whole tree, grandchildren included', async () => {
    // A shell that starts a long-lived grandchild and reports its pid.
    const handle = spawnGroup('sh', ['-c', 'sleep 300 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const grandchild = await new Promise<number>((resolve) =>
      handle.child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    expect(alive(grandchild)).toBe(true);
    // Background jobs of a non-interactive shell ignore SIGINT: this also covers the SIGKILL step.
    await handle.stop(500);
    expect(alive(grandchild)).toBe(false);
    expect(alive(handle.child.pid!)).toBe(false);
  });
});

describe('ports', () => {
  it('names every busy emulator port and how to find its holder', async () => {
    const firestore = emulatorPorts(['firestore']).find((p) => p.name === 'firestore')!;
    const server = net.createServer();
    const busy = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(true));
      server.listen(firestore.port, firestore.host, () => resolve(false));
    });
    try {
      // When the emulators themselves hold the port (tests run under emulators:exec) it is busy anyway.
      await expect(assertPortsFree(['firestore'])).rejects.toThrow(
        new RegExp(`127\\.0\\.0\\.1:${firestore.port} \\(firestore\\)[\\s\\S]*ss -ltnp`),
      );
    } finally {
      if (!busy) server.close();
    }
  });

  it('lists the hub and logging ports with any selection', () => {
    expect(emulatorPorts(['auth']).map((p) => p.name)).toEqual(expect.arrayContaining(['hub', 'logging', 'auth']));
  });
});

describe('spawnGroup', () => {
  it('reports the exit code', async () => {
    const handle = spawnGroup('sh', ['-c', 'exit 3'], { stdio: 'ignore' });
    await expect(handle.exited).resolves.toBe(3);
    await handle.reap();
  });

  it('does not leave an orphan when the leader exits first', async () => {
    const handle = spawnGroup('sh', ['-c', 'sleep 300 & echo $!'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const orphan = await new Promise<number>((resolve) =>
      handle.child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    await handle.exited;
    await handle.reap();
    expect(alive(orphan)).toBe(false);
  });
});
