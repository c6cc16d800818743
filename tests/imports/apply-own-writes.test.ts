// An import's writes are the app's own: the change feed records each one as it is written, so the
// next sync does not announce imported events as news; what an import leaves alone is not a write.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/core/clients/types.js';
import { withOwnWrites } from '../../src/core/feed/own-writes.js';
import { applyImportItem } from '../../src/core/imports/apply.js';
import { importEventId } from '../../src/core/imports/ids.js';
import type { ImportedEvent } from '../../src/core/imports/types.js';
import { anHour, calendar, newCalendar, startGoogleForFile } from './apply-kit.js';

startGoogleForFile();

const item: ImportedEvent = {
  kind: 'event',
  id: importEventId('own-1'),
  source: 'event 1',
  input: { ...anHour, title: 'Imported' },
};

describe('an import through the feed\u2019s own-writes record', () => {
  it('records the event it creates and the patch it makes, and nothing for an event it skips', async () => {
    const recorded: { eventId: string; title: string | null }[] = [];
    const store = {
      recordOwn: async (_team: string, _client: string, _cal: string, eventId: string, snapshot: { title: string } | null) => {
        recorded.push({ eventId, title: snapshot?.title ?? null });
      },
    };
    const own = withOwnWrites({ calendarFor: () => calendar }, store, (err) => { throw err; }).calendarFor('T0', { id: 'c1' } as Client);
    const cal = newCalendar();

    expect(await applyImportItem(own, cal, item, 'update')).toEqual({ status: 'created' });
    expect(await applyImportItem(own, cal, item, 'update')).toEqual({ status: 'skipped', reason: 'unchanged' });
    expect(await applyImportItem(own, cal, { ...item, input: { ...item.input, title: 'Imported again' } }, 'update')).toEqual({ status: 'updated' });
    expect(recorded).toEqual([
      { eventId: item.id, title: 'Imported' },
      { eventId: item.id, title: 'Imported again' },
    ]);
  });
});
