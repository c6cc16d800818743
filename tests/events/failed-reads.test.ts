import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { stringsHolding, visibleText } from '../harness/visible.js';

// Issue 11, rule of defect 4: a read that failed is never shown as an empty result.
const ACME = 'ceo@acme.com';
const GLOBEX = 'boss@globex.com';

describe('a failed read is never shown as an empty result', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;

  beforeAll(async () => {
    t = await connectedClientApp({ clients: [{ name: 'Acme', email: ACME }, { name: 'Globex', email: GLOBEX }] });
  });
  afterAll(() => t?.close());

  /** Google answers 503 to every read of `email`'s events until the test ends. */
  function breakReads(email: string) {
    t.google.fail({ match: (r) => r.method === 'GET' && r.path.includes(`/calendars/${email}/events`), status: 503, times: 10_000 });
  }

  afterAll(() => t?.google.reset());

  it('events: the failure, not "no events"', async () => {
    breakReads(GLOBEX);
    const { response } = await t.command('events globex next week', operator);
    expect(stringsHolding(response, 'No events')).toEqual([]);
    expect(visibleText(response)).toMatch(/Google/);
  });

  it('agenda and conflicts: nobody readable is not "nothing scheduled"; a partial answer says it is partial', async () => {
    breakReads(ACME);
    breakReads(GLOBEX);
    const agenda = (await t.command('agenda next week', operator)).response;
    expect(stringsHolding(agenda, '_Nothing scheduled in this range._')).toEqual([]);
    expect(visibleText(agenda)).toContain('for the clients that could be read');
    expect(visibleText(agenda)).toContain('could not be read');
    expect(agenda.text).toContain('2 clients could not be read');
    const conflicts = (await t.command('conflicts next week', operator)).response;
    expect(stringsHolding(conflicts, 'No overlapping events._ :tada:')).toEqual([]);
    expect(visibleText(conflicts)).toContain('could not be read');
    expect(conflicts.text).toContain('2 clients could not be read');
  });
});
