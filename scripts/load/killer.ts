// Kills Functions instances mid-execution. The Functions emulator runs every function in worker
// processes (`node …/functionsEmulatorRuntime`, FUNCTION_TARGET in their environment) spawned by
// the firebase-tools process that also serves the hub; only that process's children are touched,
// so emulators of other runs on the machine are never hit.
import { readFile, readdir } from 'node:fs/promises';
import { hosts } from '@mlebotics/testing';

export interface Worker {
  pid: number;
  target: string;
  /** CPU ticks (user + system) so far. */
  ticks: number;
}

export interface Kill {
  at: number;
  pid: number;
  target: string;
  /** CPU ticks the worker used in the sampling window: > 0 means it was executing. */
  busyTicks: number;
}

/** The pid of the firebase-tools process serving the hub (the parent of the function workers). */
export async function emulatorPid(): Promise<number> {
  const locator = (await (await fetch(`http://${hosts.hub}/`)).json()) as { pid?: number };
  if (!locator.pid) throw new Error('The emulator hub did not say its process id.');
  return locator.pid;
}

async function readProc(pid: string): Promise<{ ppid: number; ticks: number; cmdline: string } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** The live function workers of the emulator process `parent`. */
export async function listWorkers(parent: number): Promise<Worker[]> {
  const workers: Worker[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const proc = await readProc(pid);
    if (!proc || proc.ppid !== parent || !proc.cmdline.includes('functionsEmulatorRuntime')) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    const target = /(?:^|\0)FUNCTION_TARGET=([^\0]*)/.exec(environ)?.[1] ?? '?';
    workers.push({ pid: Number(pid), target, ticks: proc.ticks });
  }
  return workers;
}

/**
 * SIGKILLs one worker, preferring one that serves a function with requests in flight
 * (`busyTargets`) and, among those, the one that used the most CPU over a short window: the
 * instance most likely in the middle of an execution. `spare` lists pids already killed (a dead
 * process lingers in /proc until the emulator reaps it).
 */
export async function killBusyWorker(
  parent: number,
  busyTargets: ReadonlySet<string>,
  spare: ReadonlySet<number> = new Set(),
): Promise<Kill | undefined> {
  const before = (await listWorkers(parent)).filter((w) => !spare.has(w.pid));
  await new Promise((resolve) => setTimeout(resolve, 150));
  const after = new Map((await listWorkers(parent)).map((w) => [w.pid, w]));
  const candidates = before
    .filter((w) => after.has(w.pid))
    .map((w) => ({ ...w, busy: after.get(w.pid)!.ticks - w.ticks }));
  if (candidates.length === 0) return undefined;
  const preferred = candidates.filter((w) => busyTargets.has(w.target));
  const pool = preferred.length > 0 ? preferred : candidates;
  const victim = pool.sort((a, b) => b.busy - a.busy || Math.random() - 0.5)[0]!;
  try {
    process.kill(victim.pid, 'SIGKILL');
  } catch {
    return undefined; // it ended by itself
  }
  return { at: performance.now(), pid: victim.pid, target: victim.target, busyTicks: victim.busy };
}
