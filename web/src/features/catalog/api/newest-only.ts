/**
 * Runs one request at a time and, while one runs, keeps only the newest one waiting: typing
 * "vision" sends at most the request in flight and then the one for the latest text, never a
 * queue of "v", "vi", "vis"… that the newest would wait behind (a callable instance serves one
 * request at a time; a second one at once would start another instance, cold).
 */
export class NewestOnly {
  private running = false;
  private waiting: (() => Promise<unknown>) | undefined;

  /**
   * Starts `task` now when nothing runs, else once the running one settles, unless a newer task
   * is scheduled before that. Returns a function that drops the task if it has not started.
   */
  schedule(task: () => Promise<unknown>): () => void {
    if (!this.running) {
      this.start(task);
      return () => {};
    }
    this.waiting = task;
    return () => {
      if (this.waiting === task) this.waiting = undefined;
    };
  }

  private start(task: () => Promise<unknown>): void {
    this.running = true;
    const next = () => {
      this.running = false;
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) this.start(waiting);
    };
    let started: Promise<unknown>;
    try {
      started = task();
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(next, next);
  }
}
