import { DateTime } from 'luxon';
import type { EventTime } from '../events/types.js';
import { eventIdFor } from '../events/service.js';

/**
 * The Google id of an imported event: a digest of the file's UID alone, in its own namespace, so
 * the same file imported again (or a retried job) lands on the same event, and an imported id
 * never meets one the app made another way.
 */
export function importEventId(uid: string): string {
  return eventIdFor('import', uid);
}

/**
 * Google's id of one occurrence of a series: `${seriesId}_${stamp}`, the stamp being where the
 * series puts it (RECURRENCE-ID), in UTC (`YYYYMMDDTHHMMSSZ`) for timed series and the date
 * (`YYYYMMDD`) for all-day ones. An instance can be read, patched and deleted by this id.
 */
export function instanceId(seriesId: string, originalStart: EventTime): string {
  if (originalStart.date !== undefined) return `${seriesId}_${originalStart.date.replaceAll('-', '')}`;
  const utc = DateTime.fromISO(originalStart.dateTime, { setZone: true }).toUTC();
  return `${seriesId}_${utc.toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
}
