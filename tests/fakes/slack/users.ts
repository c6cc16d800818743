/** users.info as Slack renders a user, time zone label and offset included. */
import type { FakeSlackUser } from './types.js';

function zoneInfo(tz: string): { label: string; offset: number } {
  const part = (style: 'long' | 'longOffset'): string =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  try {
    const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(part('longOffset'));
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
    return { label: part('long'), offset };
  } catch {
    return { label: tz, offset: 0 };
  }
}

export function renderUser(u: FakeSlackUser): Record<string, unknown> {
  const tz = u.tz ?? 'America/Los_Angeles';
  const zone = zoneInfo(tz);
  const name = u.name ?? u.id.toLowerCase();
  const realName = u.real_name ?? name;
  return {
    id: u.id,
    team_id: u.team_id,
    name,
    real_name: realName,
    deleted: u.deleted ?? false,
    tz,
    tz_label: zone.label,
    tz_offset: u.tz_offset ?? zone.offset,
    is_admin: u.is_admin ?? false,
    is_owner: u.is_owner ?? false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot ?? false,
    is_app_user: false,
    profile: {
      email: u.email,
      real_name: realName,
      real_name_normalized: realName,
      display_name: name,
      display_name_normalized: name,
    },
  };
}
