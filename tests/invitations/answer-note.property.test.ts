// The note typed in the answer modal is user text: whatever it holds, answering either refuses it
// as too long (over 500 characters once trimmed) or sends Google exactly that note on the client's
// own attendee, every other guest untouched. Core over in-memory ports, no Slack.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInvitationService } from '../../src/core/invitations/service.js';
import { isCoreError } from '../../src/core/errors.js';
import type { Attendee } from '../../src/core/events/types.js';
import { event } from '../core/fixtures.js';
import { runs, userText } from '../core/properties/arbitraries.js';
import { operator, useCaseWorld } from '../core/use-cases/world.js';

const guests: Attendee[] = [
  { email: 'boss@globex.com', organizer: true, responseStatus: 'accepted' },
  { email: 'ceo@acme.com', self: true, responseStatus: 'needsAction', comment: 'earlier note' },
  { email: 'bob@example.com', responseStatus: 'tentative', comment: 'maybe late', optional: true },
];

describe('the note of an answer (property)', () => {
  it('is refused when too long, else sent as typed (trimmed) on the client\u2019s own attendee alone', async () => {
    const world = useCaseWorld();
    const client = await world.addClient('Acme');
    const invitations = createInvitationService({ clients: world.clients, google: world.google, now: () => new Date('2027-03-01T09:00:00Z') });
    const invite = event('invite0001', '2027-03-09T14:00:00Z', '2027-03-09T15:00:00Z', { attendees: guests, organizer: { email: 'boss@globex.com', displayName: null } });
    await fc.assert(
      fc.asyncProperty(userText(1200), fc.constantFrom<'accepted' | 'tentative' | 'declined'>('accepted', 'tentative', 'declined'), async (note, answer) => {
        world.google.seed(client, invite);
        world.google.writes.length = 0;
        const trimmed = note.trim();
        const result = await invitations.respond(operator, { clientId: client.id, calendarId: 'primary', eventId: 'invite0001', answer, note }).catch((err: unknown) => err);
        if (Array.from(trimmed).length > 500) {
          expect(isCoreError(result, ['invalid_input'])).toBe(true);
          expect(world.google.writes).toEqual([]);
          return;
        }
        expect(world.google.writes.map((w) => w.changes)).toEqual([
          { attendees: guests.map((g) => (g.self ? { ...g, responseStatus: answer, comment: trimmed || 'earlier note' } : g)) },
        ]);
      }),
      runs(200),
    );
  });
});
