// 5-field POSIX cron (minute hour day-of-month month day-of-week), matched on the wall clock of an IANA time zone,
// for a deployment's `upcoming_runs_at` and the demo's schedule history. Day-of-month and day-of-week combine as
// in POSIX: when both are restricted, either may match.
interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  day: Set<number>;
  month: Set<number>;
  weekday: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const MINUTE = 60_000;

function parseField(text: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`bad cron field "${text}"`);
    const from = match[1] === '*' ? min : Number(match[2]);
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    const step = match[4] ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1) throw new Error(`bad cron field "${text}"`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

export function parseCron(expression: string): Cron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error('a cron expression has 5 fields');
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const weekdays = parseField(weekday, 0, 7);
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minute: parseField(minute, 0, 59),
    hour: parseField(hour, 0, 23),
    day: parseField(day, 1, 31),
    month: parseField(month, 1, 12),
    weekday: weekdays,
    dayRestricted: day !== '*',
    weekdayRestricted: weekday !== '*',
  };
}

const HOUR = 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets (wall clock minus UTC, ms) per time zone and UTC hour: Intl is slow, and offsets change on the hour. */
const offsets = new Map<string, Map<number, number>>();

function offsetAt(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR);
  let cache = offsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsets.set(timeZone, cache);
  }
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(hour * HOUR)) parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day,
    parts.hour,
    parts.minute,
  );
  const offset = wall - hour * HOUR;
  if (cache.size > 10_000) cache.clear();
  cache.set(hour, offset);
  return offset;
}

function wallClock(
  ms: number,
  timeZone: string,
): { month: number; day: number; weekday: number; hour: number; minute: number } {
  const wall = new Date(ms + offsetAt(ms, timeZone));
  return {
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
  };
}

/** The first matching minute strictly after `afterMs`. */
function nextMatch(cron: Cron, timeZone: string, afterMs: number): number {
  let time = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  for (let guard = 0; guard < 100_000; guard++) {
    const wall = wallClock(time, timeZone);
    const dayOk =
      cron.dayRestricted && cron.weekdayRestricted
        ? cron.day.has(wall.day) || cron.weekday.has(wall.weekday)
        : cron.day.has(wall.day) && cron.weekday.has(wall.weekday);
    if (!cron.month.has(wall.month) || !dayOk) time += (24 * 60 - wall.hour * 60 - wall.minute) * MINUTE;
    else if (!cron.hour.has(wall.hour)) time += (60 - wall.minute) * MINUTE;
    else if (!cron.minute.has(wall.minute)) time += MINUTE;
    else return time;
  }
  throw new Error('no cron match within reach');
}

export interface Schedule {
  expression: string;
  timezone: string;
}

/** Matching instants in (fromMs, toMs], at most `max`. */
export function occurrences(schedule: Schedule, fromMs: number, toMs: number, max: number): number[] {
  const cron = parseCron(schedule.expression);
  const out: number[] = [];
  for (let time = nextMatch(cron, schedule.timezone, fromMs); time <= toMs && out.length < max;) {
    out.push(time);
    time = nextMatch(cron, schedule.timezone, time);
  }
  return out;
}

const upcomingCache = new Map<string, number[]>();

/** The next five occurrences after `now`; cached until the first of them has passed. */
export function upcomingRuns(schedule: Schedule, now: number): number[] {
  const key = `${schedule.expression}|${schedule.timezone}`;
  const cached = upcomingCache.get(key);
  if (cached && (cached[0] as number) > now) return cached;
  const fresh = occurrences(schedule, now, Infinity, 5);
  upcomingCache.set(key, fresh);
  return fresh;
}
