// The invitation views are pure: whatever Google holds in a title, an organizer's name or a
// note, and whatever the caller's conflict line says, they stay within Slack's Block Kit limits
// (the fake Slack's own checks), show it escaped, and carry only ids in their buttons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/core/clients/types.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import type { AnswerScope, Invitation } from '../../src/core/invitations/types.js';
import { invitationAnswered, invitationNotice, invitationsList } from '../../src/slack/views/invitation.js';
import { answerModal } from '../../src/slack/views/invitation-modal.js';
import { CoreError } from '../../src/core/errors.js';
import { checkMessage, checkView } from '../fakes/slack/block-kit.js';
import { runs, userText } from '../core/properties/arbitraries.js';
import { buttonsOf, mrkdwnTexts } from '../slack/sent-blocks.js';
import { visibleText } from '../harness/visible.js';

const MENTION = /<@U[A-Z0-9]{2,20}>/g;
const ZONES = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Pacific/Chatham'];

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: 'invite0001',
  calendarId: 'ceo@acme.com',
  title: 'Board call',
  description: null,
  location: null,
  start: { dateTime: '2027-03-09T15:00:00+01:00' },
  end: { dateTime: '2027-03-09T16:00:00+01:00' },
  allDay: false,
  timeZone: 'Europe/Paris',
  status: 'confirmed',
  transparency: 'opaque',
  attendees: [{ email: 'ceo@acme.com', self: true, responseStatus: 'needsAction' }],
  selfResponse: 'needsAction',
  recurringEventId: null,
  recurrence: null,
  reminders: null,
  meetLink: null,
  htmlLink: null,
  organizer: { email: 'boss@globex.com', displayName: 'The Boss' },
  ...over,
});

const client = (name: string): Client => ({
  id: 'cl_acme', teamId: 'T0ACME', name, slug: 'acme', email: null, timeZone: 'UTC', notes: null, linkPreview: 'basic', managers: ['U0OPERATOR'],
  google: { state: 'connected' }, createdBy: 'U0OPERATOR', createdAt: new Date(0), updatedAt: new Date(0),
});

/** An id as long as Google may make one (event ids up to 1024 characters; calendar ids are emails or group ids). */
const anId = fc.oneof(fc.stringMatching(/^[a-v0-9]{5,40}$/), fc.stringMatching(/^[a-v0-9]{900,1024}$/));

const invitations: fc.Arbitrary<Invitation> = fc
  .record({
    clientName: userText(80),
    title: userText(300),
    organizer: fc.option(fc.record({ email: fc.constant('boss@globex.com'), displayName: fc.option(userText(200), { nil: null }) }), { nil: undefined }),
    calendarId: anId,
    eventId: anId,
    scope: fc.constantFrom<AnswerScope>('single', 'instance', 'series'),
    occurrences: fc.integer({ min: 1, max: 30 }),
    allDay: fc.boolean(),
    eventZone: fc.option(fc.constantFrom(...ZONES), { nil: null }),
  })
  .map((r) => ({
    clientId: 'cl_acme',
    clientName: r.clientName,
    calendarId: r.calendarId,
    eventId: r.eventId,
    scope: r.scope,
    occurrences: r.occurrences,
    event: event({
      id: r.eventId, title: r.title, timeZone: r.eventZone,
      ...(r.organizer ? { organizer: r.organizer } : { organizer: undefined }),
      ...(r.allDay ? { allDay: true, start: { date: '2027-03-09' }, end: { date: '2027-03-10' } } : {}),
    }),
  }));

/** No live `<…>` but the mentions the app writes itself (who answered). */
const noLiveMarkup = (message: unknown) => {
  for (const text of mrkdwnTexts(message)) expect(text.replace(MENTION, '')).not.toMatch(/[<>]/);
};

const expectButtonsCarryIds = (blocks: unknown[], inv: Invitation) => {
  for (const button of buttonsOf(blocks as never)) {
    expect(button.value!.length).toBeLessThanOrEqual(2000);
    expect(JSON.parse(button.value!)).toMatchObject({ c: inv.clientId, k: inv.calendarId, e: inv.eventId });
  }
};

describe('invitation views (properties)', () => {
  it('a notice stays within Block Kit, escapes everything from Google and the caller, and carries ids only', () => {
    fc.assert(
      fc.property(invitations, fc.constantFrom(...ZONES), fc.option(userText(1000), { nil: undefined }), (inv, zone, conflict) => {
        const notice = invitationNotice({ ...inv, zone, ...(conflict !== undefined ? { conflict } : {}) });
        expect(checkMessage({ channel: 'C1', ...notice })).toBeUndefined();
        noLiveMarkup(notice);
        expectButtonsCarryIds(notice.blocks, inv);
        const buttons = buttonsOf(notice.blocks);
        // Three answers, or none when the ids would not fit in a button (then Google Calendar it is).
        expect(buttons.length === 3 || visibleText(notice).includes('Answer this one in Google Calendar')).toBe(true);
      }),
      runs(150),
    );
  });

  it('a list of any length stays within 50 blocks, says how many are left out, and lists unreadable clients', () => {
    fc.assert(
      fc.property(fc.array(invitations, { maxLength: 40 }), fc.array(userText(100), { maxLength: 30 }), (list, failed) => {
        const unreadable = failed.map((name) => ({ client: client(name), error: new CoreError('google_unavailable', {}) }));
        const message = invitationsList({ invitations: list, unreadable }, 'America/New_York', '*', '<@U0OPERATOR> answered');
        expect(checkMessage({ channel: 'C1', ...message })).toBeUndefined();
        noLiveMarkup({ ...message, blocks: message.blocks.slice(1) });
        const text = visibleText(message);
        expect(text.includes('No invitations')).toBe(list.length === 0 && failed.length === 0);
        if (failed.length) expect(text).toContain('Could not check');
        if (list.length > 15) expect(text).toContain(`${list.length - 15} more not shown`);
      }),
      runs(100),
    );
  });

  it('the answered notice and the answer modal stay within limits whatever the note', () => {
    fc.assert(
      fc.property(invitations, userText(500), fc.constantFrom<'accepted' | 'tentative' | 'declined'>('accepted', 'tentative', 'declined'), (inv, note, answer) => {
        const answered = invitationAnswered({ client: client(inv.clientName), event: inv.event, answer, scope: inv.scope, note: note || null, by: 'U0OPERATOR', zone: 'UTC' });
        expect(checkMessage({ channel: 'C1', ...answered })).toBeUndefined();
        expect(buttonsOf(answered.blocks)).toEqual([]);
        noLiveMarkup(answered);
        const modal = answerModal({ meta: { c: inv.clientId, k: inv.calendarId, e: inv.eventId, a: answer, u: 'https://hooks.slack.com/actions/T0/1/x' }, clientName: inv.clientName, event: inv.event, zone: 'UTC', scope: inv.scope });
        expect(checkView(modal, ['modal'])).toBeUndefined();
        noLiveMarkup(modal);
      }),
      runs(100),
    );
  });
});

describe('invitation views (examples)', () => {
  const HOSTILE = 'Review <!channel> & <@U0BOSS> <https://evil|click>';
  const escaped = (s: string) => s.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;');

  it('shows a hostile title, client and organizer escaped, and the event\u2019s zone beside the viewer\u2019s', () => {
    const notice = invitationNotice({
      clientId: 'cl_acme', clientName: `Acme ${HOSTILE}`, calendarId: 'ceo@acme.com', eventId: 'invite0001', scope: 'single', zone: 'America/New_York',
      event: event({ title: HOSTILE, organizer: { email: 'boss@globex.com', displayName: HOSTILE } }), conflict: `conflicts with Globex: ${HOSTILE}`,
    });
    const all = [notice.text, ...mrkdwnTexts(notice)].join('\n');
    expect(all).toContain(escaped(HOSTILE));
    expect(all).not.toContain(HOSTILE);
    expect(visibleText(notice)).toContain('Tuesday 9 March, 09:00\u201310:00 (15:00 Europe/Paris)');
  });

  it('a note in the answered notice is escaped; the answerer is a live mention', () => {
    const answered = invitationAnswered({ client: client('Acme'), event: event(), answer: 'declined', scope: 'single', note: HOSTILE, by: 'U0OPERATOR', zone: 'UTC' });
    const text = mrkdwnTexts(answered).join('\n');
    expect(text).toContain('*Declined* by <@U0OPERATOR>');
    expect(text).toContain(escaped(HOSTILE));
  });
});
