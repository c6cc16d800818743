/**
 * Runs of one job take turns in this process: a Retry pressed during a Cancel waits for it.
 * A failed run does not stop the next one.
 */
export function createJobQueue() {
  const queues = new Map<string, Promise<unknown>>();
  return function serialized<T>(jobId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(jobId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(work);
    const tail = run.catch(() => {});
    queues.set(jobId, tail);
    void tail.then(() => {
      if (queues.get(jobId) === tail) queues.delete(jobId);
    });
    return run;
  };
}
