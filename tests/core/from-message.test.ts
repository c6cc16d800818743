import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftFromMessage, plainText } from '../../src/core/events/from-message.js';
import { clientNamedIn } from '../../src/core/clients/named.js';
import { DESCRIPTION_MAX, TITLE_MAX } from '../../src/core/events/form.js';
import type { Client } from '../../src/core/clients/types.js';

// Wednesday 2 December 2026, 10:00 in Paris.
const NOW = new Date('2026-12-02T09:00:00Z');
const ZONE = 'Europe/Paris';
const EMAILS: Record<string, string> = { U0DANA: 'dana@acme.com', U0BOB: 'bob@acme.com' };
const read = (text: string, permalink: string | null = 'https://fake-slack.slack.com/archives/C1/p1') =>
  draftFromMessage(text, { now: NOW, zone: ZONE, permalink, emailOf: async (id) => EMAILS[id] ?? null });

describe('reading a Slack message as an event', () => {
  it('turns mentions into guests, with or without their name, and leaves out whoever has no email', async () => {
    const d = await read('Sync with <@U0DANA|dana>, <@U0BOB> and <@U0GHOST> tomorrow 15:00');
    expect(d.clear).toBe(true);
    expect(d.prefill.title).toBe('Sync');
    expect(d.prefill.attendees).toEqual(['dana@acme.com', 'bob@acme.com']);
    expect(d.withoutEmail).toEqual(['U0GHOST']);
    expect(d.prefill.start).toEqual({ dateTime: '2026-12-03T15:00:00+01:00' });
  });

  it('reads links, channels and entities as the words a person sees', () => {
    expect(plainText('See <https://x.example/doc|the doc> in <#C123|ops> &amp; <!here> &lt;3 <https://y.example>')).toBe(
      'See the doc in #ops & @here <3 https://y.example',
    );
  });

  it('keeps the link first and cuts a long message with a visible ellipsis', async () => {
    const d = await read(`Notes ${'x'.repeat(5000)}`);
    expect(d.clear).toBe(false);
    expect(d.prefill.description!.startsWith('From Slack: https://fake-slack.slack.com/archives/C1/p1\n\nNotes x')).toBe(true);
    expect(d.prefill.description!.length).toBe(DESCRIPTION_MAX);
    expect(d.prefill.description!.endsWith('\u2026')).toBe(true);
  });

  it('cuts a title longer than the form takes', async () => {
    const d = await read(`${'Long '.repeat(80)}tomorrow 9am`);
    expect(d.clear).toBe(true);
    expect(d.prefill.title!.length).toBe(TITLE_MAX);
    expect(d.prefill.title!.endsWith('\u2026')).toBe(true);
  });

  it('an unclear message keeps no title and no time, only its words in the description', async () => {
    const d = await read('can we find some time next week?', null);
    expect(d).toEqual({ prefill: { title: '', attendees: [], timeZone: ZONE, description: 'can we find some time next week?' }, clear: false, withoutEmail: [] });
  });

  // Slack's markup and the words quick add looks for, mixed with anything at all.
  const piece = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('<@U0DANA>', '<@U0GHOST|ghost>', '<@', '<mailto:a@b.co|a@b.co>', '<https://x.y|z>', '<#C1|c>', '<!channel>', '&amp;', '&lt;', '>', '|'),
    fc.constantFrom('tomorrow', 'at 3pm', 'dec 3', '9-5', 'noon-1pm', 'for 45m', 'all day', 'with', 'jan 12\u201314', 'until midnight', '\uD83D\uDCC5', '\uD800'),
  );
  const message = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(' '));

  it('answers any message without throwing, within the form\u2019s limits, never with half an event', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const d = await read(text);
        expect(d.prefill.title!.length).toBeLessThanOrEqual(TITLE_MAX);
        expect(d.prefill.description!.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
        expect(Boolean(d.prefill.start)).toBe(d.clear);
        expect(Boolean(d.prefill.end)).toBe(d.clear);
        for (const id of d.withoutEmail) expect(id).toMatch(/^[UW][A-Z0-9]+$/);
        for (const email of d.prefill.attendees ?? []) expect(email).toContain('@');
      }),
      { seed: 1701, numRuns: 300 },
    );
  });
});

describe('the client a message names', () => {
  const client = (name: string, slug: string) => ({ id: slug, name, slug }) as Client;
  const clients = [client('Acme', 'acme'), client('Acme Labs', 'acme-labs'), client('Globex', 'globex')];

  it('takes a name that opens the message out of it, and leaves one inside it', () => {
    expect(clientNamedIn(clients, 'Globex: board call friday 3pm')).toEqual({ client: clients[2], text: 'board call friday 3pm' });
    expect(clientNamedIn(clients, 'board call with globex friday')).toEqual({ client: clients[2], text: 'board call with globex friday' });
  });

  it('prefers the longer name at the same place, and the earliest name overall', () => {
    expect(clientNamedIn(clients, 'Acme Labs demo, then Globex')?.client).toBe(clients[1]);
    expect(clientNamedIn(clients, 'acme-labs or Acme?')?.client).toBe(clients[1]);
    expect(clientNamedIn(clients, 'Acmeish party')).toBeNull();
  });
});
