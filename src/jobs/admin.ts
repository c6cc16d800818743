// The jobs admin port over pg-boss: counts, the dead-letter queue and redrives, with a job's
// payload reduced to who it concerns and its output to its error message.
import type { DeadLetter, JobsAdminPort } from '../core/jobs/ports.js';
import type { DeadLetteredJob, Jobs } from './engine.js';

const field = (value: unknown, key: string): string | null => {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
};

function deadLetter(job: DeadLetteredJob): DeadLetter {
  return {
    id: job.id,
    queue: job.queue,
    deadLetteredAt: job.deadLetteredAt,
    attempts: job.attempts,
    lastError: field(job.output, 'message'),
    teamId: field(job.data, 'teamId'),
    userId: field(job.data, 'userId'),
  };
}

export function jobsAdminPort(jobs: Pick<Jobs, 'counts' | 'deadLettered' | 'redrive'>): JobsAdminPort {
  return {
    counts: () => jobs.counts(),
    deadLetters: async () => (await jobs.deadLettered()).map(deadLetter),
    redrive: (ids) => jobs.redrive(ids),
  };
}
