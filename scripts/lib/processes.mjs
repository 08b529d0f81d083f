// Child processes that never outlive the script: each runs in its own process group, signals are
// forwarded, and whatever is left of the group (java, function workers) is killed on the way out.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const GRACE_MS = 15_000;
const groups = new Set();

/**
 * Live (non-zombie) members of process group `pgid`. On Linux /proc tells zombies apart: a dead
 * process whose parent has not reaped it yet still answers kill(pid, 0).
 */
export function groupMembers(pgid) {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain anything.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

function groupAlive(pid) {
  return groupMembers(pid).length > 0;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Sends SIGINT to the group, waits for it to exit, then SIGKILLs anything left. */
export async function stopGroup(pid, graceMs = GRACE_MS) {
  if (!groupAlive(pid)) return;
  killGroup(pid, 'SIGINT');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (groupAlive(pid)) {
    killGroup(pid, 'SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (groupAlive(pid) && Date.now() < killDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  groups.delete(pid);
}

let handlersInstalled = false;
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const shutdown = (signal) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    Promise.all([...groups].map((pid) => stopGroup(pid))).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGHUP', () => shutdown('SIGHUP'));
  // Last resort for abnormal exits: no waiting is possible here, so kill outright.
  process.once('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
  });
}

/**
 * Starts `command` in a new process group that is stopped when this process exits or is
 * interrupted. Resolves `exited` with the exit code (signals map to 128 + n).
 */
export function spawnGroup(command, args, options = {}) {
  installHandlers();
  const child = spawn(command, args, { stdio: 'inherit', ...options, detached: true });
  groups.add(child.pid);
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 15));
    });
  });
  return {
    child,
    exited,
    /** Stops the whole group (SIGINT, then SIGKILL after graceMs) and waits until nothing of it is left. */
    stop: (graceMs) => stopGroup(child.pid, graceMs),
    /** After the leader exits, kills what it left behind. */
    reap: () => stopGroup(child.pid, 2000),
  };
}
