// Editing, deleting and undoing an event with in-memory ports: what reaches Google for each.
// tests/events/* drive the same through Slack's forms and buttons against the fake Google.
import { describe, expect, it } from 'vitest';
import { NotFoundError, UserFacingError } from '../../../src/core/errors.js';
import { operator, useCaseWorld } from './world.js';
import { timed } from './fixtures.js';

async function world() {
  const w = useCaseWorld();
  const acme = await w.addClient('Acme');
  const input = timed('Lunch', '2026-12-08T12:00:00Z', '2026-12-08T13:00:00Z', { location: 'Cafe', attendees: ['bob@example.com'] });
  const { event } = await w.events.create(operator, { clientId: acme.id, calendarId: 'primary', input, submissionKey: 'lunch', notify: 'all' });
  return { ...w, acme, event, input };
}

describe('an event edit', () => {
  it('sends Google only what the user changed, and nothing when they changed nothing', async () => {
    const w = await world();
    const edit = (patch: object) => w.events.update(operator, { clientId: w.acme.id, calendarId: 'primary', eventId: w.event.id, scope: 'instance', patch, notify: 'all' });

    const renamed = await edit({ title: 'Long lunch' });
    expect(renamed.event.title).toBe('Long lunch');
    expect(w.google.writes.filter((x) => x.op === 'patch').map((x) => x.changes)).toEqual([{ title: 'Long lunch' }]);

    const untouched = await edit({});
    expect(untouched.event).toMatchObject({ id: w.event.id, title: 'Long lunch', location: 'Cafe' });
    expect(w.google.writes.filter((x) => x.op === 'patch')).toHaveLength(1);
  });

  it('creates once however often the same submission arrives', async () => {
    const w = await world();
    const again = await w.events.create(operator, { clientId: w.acme.id, calendarId: 'primary', input: w.input, submissionKey: 'lunch', notify: 'all' });
    expect(again.event.id).toBe(w.event.id);
    expect(w.google.writes.filter((x) => x.op === 'insert')).toHaveLength(1);
  });

  it('a delete can be undone: Google\u2019s kept event is confirmed again under its id, and Undo twice is harmless', async () => {
    const w = await world();
    const { undoId } = await w.events.remove(operator, { clientId: w.acme.id, calendarId: 'primary', eventId: w.event.id, notify: 'all' });
    expect(w.google.events(w.acme).map((e) => e.status)).toEqual(['cancelled']);

    const back = await w.events.undoDelete(operator, undoId);
    expect(back.event).toMatchObject({ id: w.event.id, status: 'confirmed', title: 'Lunch', location: 'Cafe' });
    await w.events.undoDelete(operator, undoId);
    expect(w.google.events(w.acme).map((e) => [e.id, e.status])).toEqual([[w.event.id, 'confirmed']]);
    expect(w.google.writes.filter((x) => x.op === 'insert')).toHaveLength(1);
  });

  it('is refused for a client the user does not manage, exactly like one that does not exist, before Google is asked', async () => {
    const w = await world();
    const stranger = { ...operator, userId: 'U0STRANGER' };
    const writes = w.google.writes.length;
    await expect(w.events.update(stranger, { clientId: w.acme.id, calendarId: 'primary', eventId: w.event.id, scope: 'instance', patch: { title: 'Mine' }, notify: 'all' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(w.events.update(operator, { clientId: 'c404', calendarId: 'primary', eventId: w.event.id, scope: 'instance', patch: { title: 'Mine' }, notify: 'all' })).rejects.toBeInstanceOf(UserFacingError);
    expect(w.google.writes).toHaveLength(writes);
  });
});
