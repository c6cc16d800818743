import type { Actor } from '../clients/types.js';
import { CoreError } from '../errors.js';
import type { DeadLetter, JobsAdminPort, QueueCounts } from './ports.js';

export interface JobsAdminDeps {
  port: JobsAdminPort;
  isAdmin(actor: Actor): Promise<boolean>;
}

export interface JobsOverview {
  /** Every queue with its dead-lettered jobs counted beside the engine's own counts. */
  queues: (QueueCounts & { deadLettered: number })[];
  /** The dead-lettered jobs this admin may see and retry, newest first. */
  deadLetters: DeadLetter[];
}

/**
 * The background jobs as an admin sees them. Counts are numbers for the whole deployment; the
 * dead-lettered jobs name users, so an admin sees only their own workspace's (and the
 * deployment-wide ones, which concern no workspace), and may retry only those.
 */
export function createJobsAdmin(deps: JobsAdminDeps) {
  async function visibleTo(actor: Actor): Promise<{ all: DeadLetter[]; visible: DeadLetter[] }> {
    if (!(await deps.isAdmin(actor))) throw new CoreError('admin_only', {});
    const all = await deps.port.deadLetters();
    return { all, visible: all.filter((d) => d.teamId === null || d.teamId === actor.teamId) };
  }

  async function overview(actor: Actor): Promise<JobsOverview> {
    const [{ all, visible }, counts] = await Promise.all([visibleTo(actor), deps.port.counts()]);
    const dead = new Map<string, number>();
    for (const d of all) dead.set(d.queue, (dead.get(d.queue) ?? 0) + 1);
    // A queue gone from the engine still shows while jobs of it wait in the dead-letter queue.
    const names = [...new Set([...counts.map((c) => c.queue), ...dead.keys()])].sort();
    const queues = names.map((queue) => ({
      ...(counts.find((c) => c.queue === queue) ?? { queue, queued: 0, active: 0, failed: 0 }),
      deadLettered: dead.get(queue) ?? 0,
    }));
    return { queues, deadLetters: visible };
  }

  /** Puts one dead-lettered job back on its queue; refused like a missing one when it is not this admin's to see. */
  async function retry(actor: Actor, id: string): Promise<DeadLetter> {
    const job = (await visibleTo(actor)).visible.find((d) => d.id === id);
    // Another admin's Retry may have moved it between the read and the redrive.
    if (!job || (await deps.port.redrive([id])) === 0) throw new CoreError('dead_letter_gone', {});
    return job;
  }

  /** Puts every dead-lettered job this admin may see back on its queue; how many moved. */
  async function retryAll(actor: Actor): Promise<number> {
    const { visible } = await visibleTo(actor);
    return deps.port.redrive(visible.map((d) => d.id));
  }

  return { overview, retry, retryAll };
}

export type JobsAdmin = ReturnType<typeof createJobsAdmin>;
