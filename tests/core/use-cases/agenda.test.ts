// The agenda use case with in-memory ports: the rules of the domain in milliseconds. The
// end-to-end tests (tests/stack/agenda.test.ts, digest.test.ts) drive the same use case through Slack.
import { describe, expect, it } from 'vitest';
import { busy, timed } from './fixtures.js';
import { operator, useCaseWorld } from './world.js';

const WEEK = { start: new Date('2026-12-07T00:00:00Z'), end: new Date('2026-12-14T00:00:00Z'), zone: 'UTC' };

async function world() {
  const w = useCaseWorld();
  const acme = await w.addClient('Acme');
  const globex = await w.addClient('Globex');
  const initech = await w.addClient('Initech', { connected: false });
  return { ...w, acme, globex, initech };
}

describe('the agenda with the user\u2019s bulk jobs on it', () => {
  it('stacks every client\u2019s events by day, flags overlaps across clients, and offers the job that made events shown', async () => {
    const w = await world();
    const job = await w.bulk.start(operator, { text: 'OOO', input: timed('OOO', '2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z'), clientIds: [w.acme.id, w.globex.id] });
    await w.bulkChange(operator, { jobId: job.id, action: 'run' });
    await w.events.create(operator, { clientId: w.acme.id, calendarId: 'primary', input: timed('Board call', '2026-12-08T09:30:00Z', '2026-12-08T11:00:00Z'), submissionKey: 'k1', notify: 'all' });

    const agenda = await w.stack.agenda(operator, WEEK);

    const shown = agenda.days.flatMap((d) => d.items.map((i) => `${i.clientName}: ${i.event.title}`));
    expect(shown.sort()).toEqual(['Acme: Board call', 'Acme: OOO', 'Globex: OOO']);
    // Two events of one calendar are visible to its owner already: only the clients' overlaps count.
    const items = agenda.days.flatMap((d) => d.items);
    const named = (key: string) => items.filter((i) => i.key === key).map((i) => `${i.clientName}: ${i.event.title}`);
    const marked = Object.fromEntries(items.map((i) => [`${i.clientName}: ${i.event.title}`, i.conflictsWith.flatMap(named).sort()]));
    expect(marked).toEqual({ 'Acme: Board call': ['Globex: OOO'], 'Acme: OOO': ['Globex: OOO'], 'Globex: OOO': ['Acme: Board call', 'Acme: OOO'] });
    // The conflicts use case finds the same pairs on its own.
    const { conflicts } = await w.stack.conflicts(operator, WEEK);
    const pairs = conflicts.map((c) => [c.a, c.b].map((x) => `${x.clientName}: ${x.event.title}`).sort().join(' / '));
    expect(pairs.sort()).toEqual(['Acme: Board call / Globex: OOO', 'Acme: OOO / Globex: OOO']);
    expect(agenda.jobs).toEqual([expect.objectContaining({ id: job.id, clients: 2, cancelled: false })]);
    expect(agenda.unreadable).toEqual([{ client: expect.objectContaining({ name: 'Initech' }), reason: 'not connected to Google' }]);
  });

  it('offers no job whose events are all outside the range, nor one that made nothing', async () => {
    const w = await world();
    const later = await w.bulk.start(operator, { text: 'later', input: timed('Later', '2027-01-08T09:00:00Z', '2027-01-08T10:00:00Z'), clientIds: [w.acme.id] });
    await w.bulkChange(operator, { jobId: later.id, action: 'run' });
    w.google.failFor(w.globex, { status: 503 });
    const failed = await w.bulk.start(operator, { text: 'x', input: timed('X', '2026-12-09T09:00:00Z', '2026-12-09T10:00:00Z'), clientIds: [w.globex.id] });
    await w.bulkChange(operator, { jobId: failed.id, action: 'run' });
    w.google.failFor(w.globex, null);
    await w.events.create(operator, { clientId: w.acme.id, calendarId: 'primary', input: timed('Mine', '2026-12-09T09:00:00Z', '2026-12-09T10:00:00Z'), submissionKey: 'k', notify: 'all' });

    const agenda = await w.stack.agenda(operator, WEEK);
    expect(agenda.days.flatMap((d) => d.items)).toHaveLength(1);
    expect(agenda.jobs).toEqual([]);
  });

  it('comes without the jobs when they can\u2019t be read, and says so to whoever composed it', async () => {
    const w = await world();
    const job = await w.bulk.start(operator, { text: 'OOO', input: timed('OOO', '2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z'), clientIds: [w.acme.id] });
    await w.bulkChange(operator, { jobId: job.id, action: 'run' });
    const gone = new Error('database gone');
    w.bulkJobs.failNextFind = gone;

    const agenda = await w.stack.agenda(operator, WEEK);
    expect(agenda.days.flatMap((d) => d.items)).toHaveLength(1);
    expect(agenda.jobs).toEqual([]);
    expect(w.jobsUnreadable).toEqual([gone]);
  });

  it('lists a client whose calendar could not be read with the adapter\u2019s words, and still shows the others', async () => {
    const w = await world();
    await w.events.create(operator, { clientId: w.acme.id, calendarId: 'primary', input: timed('Seen', '2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z'), submissionKey: 'k', notify: 'all' });
    w.google.failFor(w.globex, { status: 503 });

    const agenda = await w.stack.agenda(operator, { ...WEEK, clientIds: [w.acme.id, w.globex.id] });
    expect(agenda.days.flatMap((d) => d.items.map((i) => i.event.title))).toEqual(['Seen']);
    expect(agenda.unreadable.map((u) => [u.client.name, u.reason])).toEqual([['Globex', busy('Globex')]]);
    expect(agenda.clients.map((c) => c.name)).toEqual(['Acme', 'Globex']);
  });

  it('conflicts alone never look up jobs', async () => {
    const w = await world();
    w.bulkJobs.failNextFind = new Error('must not be asked');
    const result = await w.stack.conflicts(operator, WEEK);
    expect(result).not.toHaveProperty('jobs');
    expect(w.jobsUnreadable).toEqual([]);
  });
});
