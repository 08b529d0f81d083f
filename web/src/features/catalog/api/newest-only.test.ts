import { describe, expect, it } from 'vitest';
import { NewestOnly } from './newest-only';

/** A task that records its start and settles when told. */
function controlled(log: string[], name: string) {
  let settle!: (ok: boolean) => void;
  const task = () => {
    log.push(`start ${name}`);
    return new Promise<void>((resolve, reject) => {
      settle = (ok) => (ok ? resolve() : reject(new Error(name)));
    });
  };
  return { task, settle: (ok = true) => settle(ok) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('NewestOnly', () => {
  it('starts a task at once when nothing runs', () => {
    const log: string[] = [];
    new NewestOnly().schedule(controlled(log, 'a').task);
    expect(log).toEqual(['start a']);
  });

  it('runs one at a time, and of the tasks scheduled meanwhile only the newest', async () => {
    const log: string[] = [];
    const queue = new NewestOnly();
    const a = controlled(log, 'a');
    const b = controlled(log, 'b');
    const c = controlled(log, 'c');
    queue.schedule(a.task);
    queue.schedule(b.task);
    queue.schedule(c.task);
    expect(log).toEqual(['start a']);
    a.settle();
    await tick();
    expect(log).toEqual(['start a', 'start c']);
    c.settle();
    await tick();
    expect(log).toEqual(['start a', 'start c']);
  });

  it('goes on after a failed task and after one that throws', async () => {
    const log: string[] = [];
    const queue = new NewestOnly();
    const a = controlled(log, 'a');
    queue.schedule(a.task);
    queue.schedule(() => {
      log.push('start throwing');
      throw new Error('sync');
    });
    const c = controlled(log, 'c');
    a.settle(false);
    await tick();
    expect(log).toEqual(['start a', 'start throwing']);
    await tick();
    queue.schedule(c.task);
    expect(log).toEqual(['start a', 'start throwing', 'start c']);
  });

  it('drops a waiting task that is cancelled, and keeps a newer one', async () => {
    const log: string[] = [];
    const queue = new NewestOnly();
    const a = controlled(log, 'a');
    queue.schedule(a.task);
    const cancelB = queue.schedule(controlled(log, 'b').task);
    cancelB();
    a.settle();
    await tick();
    expect(log).toEqual(['start a']);
    const d = controlled(log, 'd');
    queue.schedule(d.task);
    expect(log).toEqual(['start a', 'start d']);
    const cancelE = queue.schedule(controlled(log, 'e').task);
    const f = controlled(log, 'f');
    queue.schedule(f.task);
    cancelE();
    d.settle();
    await tick();
    expect(log).toEqual(['start a', 'start d', 'start f']);
  });
});
