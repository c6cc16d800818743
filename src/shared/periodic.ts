// One loop for a background pass (unconfirmed Google revocations): a pass never
// overlaps the one before, and stop() waits for the pass under way.
/** Runs `tick` now and then every `intervalMs`, never two passes at once, until stopped. */
export function startPeriodic(tick: () => Promise<unknown>, intervalMs: number): { stop(): Promise<void> } {
  let current: Promise<void> | undefined;
  let stopped = false;
  const go = () => {
    if (stopped || current) return;
    current = tick()
      .then(() => undefined, () => undefined)
      .finally(() => {
        current = undefined;
      });
  };
  go();
  const timer = setInterval(go, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
