// The alerts the app works out from its own metrics each minute: over the threshold for five
// minutes in a row, not fewer; dead letters when their count grows, never for the alerts' queue.
import { describe, expect, it } from 'vitest';
import { createMetrics, type JobQueueCounts } from '../../src/observability/metrics.js';
import { alertEvaluator, ALERT_MINUTES } from '../../src/observability/evaluator.js';
import { OPS_ALERT_QUEUE } from '../../src/observability/alerts.js';
import type { OpsAlert } from '../../src/core/alerts.js';

function setup() {
  let queues: JobQueueCounts[] = [];
  const sources = {
    connectionStates: async () => ({ connected: 0, needs_reconnect: 0, not_connected: 0 }),
    jobQueues: async () => queues,
    feedChannelsExpiring: async () => 0,
  };
  const registry = createMetrics(sources, (_source, err) => {
    throw err;
  });
  const raised: OpsAlert[] = [];
  const evaluator = alertEvaluator(registry, sources, { raise: (a) => void raised.push(a) });
  return { metrics: registry.metrics, evaluator, raised, setQueues: (q: JobQueueCounts[]) => (queues = q) };
}

/** `n` minutes, each recorded by `record(minute)` then evaluated (after a first look that sets the baseline). */
async function minutes(evaluator: ReturnType<typeof setup>['evaluator'], n: number, record: (minute: number) => void): Promise<void> {
  for (let minute = 1; minute <= n; minute++) {
    record(minute);
    await evaluator.evaluate();
  }
}

/** One minute of Google calls: `bad` of `calls` rate limited or failed. */
const googleMinute = (m: ReturnType<typeof setup>['metrics'], calls: number, bad: number) => {
  m.googleCalls.inc({ method: 'events.list', outcome: 'ok' }, calls - bad);
  m.googleCalls.inc({ method: 'events.list', outcome: 'rate_limited' }, bad);
};

describe('alert evaluator', () => {
  it('Google errors over 20% raise an alert after five minutes in a row, not four', async () => {
    const { metrics, evaluator, raised } = setup();
    await evaluator.evaluate();
    await minutes(evaluator, ALERT_MINUTES - 1, () => googleMinute(metrics, 40, 20));
    expect(raised).toEqual([]);
    await minutes(evaluator, 1, () => googleMinute(metrics, 40, 20));
    expect(raised).toEqual([{ condition: 'google_errors', ratio: 0.5, minutes: ALERT_MINUTES }]);
  });

  it('one good minute in five, or too few calls, raises nothing', async () => {
    const { metrics, evaluator, raised } = setup();
    await evaluator.evaluate();
    await minutes(evaluator, ALERT_MINUTES, (minute) => googleMinute(metrics, 40, minute === 3 ? 1 : 20));
    await minutes(evaluator, ALERT_MINUTES, () => googleMinute(metrics, 4, 4));
    expect(raised).toEqual([]);
  });

  it('acks slower than 1 s at the 99th percentile for five minutes raise slow_acks', async () => {
    const { metrics, evaluator, raised } = setup();
    await evaluator.evaluate();
    await minutes(evaluator, ALERT_MINUTES, () => {
      for (let i = 0; i < 20; i++) metrics.slackAck.observe({ kind: i % 2 ? 'command' : 'block_action' }, i < 18 ? 0.004 : 2.5);
    });
    expect(raised).toEqual([{ condition: 'slow_acks', p99Seconds: 3, minutes: ALERT_MINUTES }]);
  });

  it('fast acks raise nothing', async () => {
    const { metrics, evaluator, raised } = setup();
    await evaluator.evaluate();
    await minutes(evaluator, ALERT_MINUTES, () => {
      for (let i = 0; i < 200; i++) metrics.slackAck.observe({ kind: 'command' }, i === 0 ? 2.5 : 0.004);
    });
    expect(raised).toEqual([]);
  });

  it('dead letters raise an alert when their count grows, never for the alerts\u2019 own queue', async () => {
    const { evaluator, raised, setQueues } = setup();
    const queue = (name: string, deadLettered: number) => ({ queue: name, queued: 0, active: 0, failed: deadLettered, deadLettered });
    setQueues([queue('daily-digest', 1), queue(OPS_ALERT_QUEUE, 3)]);
    await evaluator.evaluate();
    await evaluator.evaluate();
    setQueues([queue('daily-digest', 2), queue(OPS_ALERT_QUEUE, 4)]);
    await evaluator.evaluate();
    setQueues([queue('daily-digest', 0), queue(OPS_ALERT_QUEUE, 0)]);
    await evaluator.evaluate();
    expect(raised).toEqual([
      { condition: 'dead_lettered', queue: 'daily-digest', count: 1 },
      { condition: 'dead_lettered', queue: 'daily-digest', count: 2 },
    ]);
  });
});
