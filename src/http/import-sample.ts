import type { Route } from './router.js';

/**
 * The CSV sample the import modal links to, served as a download. Kept here (the image ships
 * dist/, not docs/) and equal to docs/import-sample.csv, which the README links
 * (tests/imports/import-csv.test.ts holds them equal).
 */
export const IMPORT_SAMPLE_CSV = "title,start,end,all day,time zone,location,description,guests,recurrence,uid\nBoard meeting,2027-01-12 15:00,2027-01-12 16:30,,Europe/Paris,Room 4,\"Quarterly review\nBring the figures\",ceo@example.com;cfo@example.com,,\nTeam offsite,2027-02-03,2027-02-05,yes,,Lisbon,,,,\nWeekly sync,2027-01-11 09:00,2027-01-11 09:30,,America/New_York,,,,RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10,weekly-sync-2027@example.com\nDentist,2027-01-20 08:15,,,,,,,,\n";

export const IMPORT_SAMPLE_PATH = '/import/sample.csv';

export function importSampleRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: IMPORT_SAMPLE_PATH,
      handler: (_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="calendar-stacker-import-sample.csv"',
          'cache-control': 'public, max-age=3600',
          'x-content-type-options': 'nosniff',
        });
        res.end(IMPORT_SAMPLE_CSV);
      },
    },
  ];
}
