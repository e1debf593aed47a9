// Cron schedules as Kubernetes reads them (the standard five fields of robfig/cron, its
// descriptors such as @daily, "?" for any day, names of months and days), checked before Kubernetes
// would refuse the CronJob.

const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for numbers, from min. */
  readonly names?: readonly string[];
  /** Whether "?" (no specific value) is allowed. */
  readonly any?: boolean;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31, any: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 7, names: DAYS, any: true },
];

/** What is wrong with a schedule, or undefined when Kubernetes accepts it. */
export function cronProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (/^(CRON_)?TZ=/i.test(text)) return "names a time zone in the schedule, which Kubernetes refuses: set timeZone instead";
  if (text.startsWith("@")) {
    if (text.startsWith("@every ")) return "@every is not supported by Kubernetes: write the five fields, e.g. \"*/15 * * * *\"";
    return DESCRIPTORS.includes(text.toLowerCase()) ? undefined : `${text} is not a schedule descriptor: use one of ${DESCRIPTORS.join(", ")}`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== FIELDS.length) return `has ${parts.length} fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. "30 2 * * *" for 02:30 daily)`;
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index]!, field);
    if (problem !== undefined) return `${field.name} ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  if (text === "?" && field.any) return undefined;
  for (const item of text.split(",")) {
    const [range, step, extra] = item.split("/");
    if (extra !== undefined) return `"${item}" has more than one step`;
    if (step !== undefined && !/^[0-9]+$/.test(step)) return `"${item}": the step after "/" must be a number`;
    if (step !== undefined && Number(step) === 0) return `"${item}": a step of 0 never fires`;
    if (range === "*") continue;
    const bounds = range!.split("-");
    if (bounds.length > 2 || bounds.some((bound) => bound === "")) return `"${item}" is not a value, a range a-b or "*"`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(bound, field);
      if (value === undefined) return `"${bound}" is not a number${field.names ? ` or a name (${field.names.join(", ")})` : ""}`;
      if (value < field.min || value > field.max) return `${bound} is out of range ${field.min}–${field.max}`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `"${range}" runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index === -1 ? undefined : field.min + index;
}

/** IANA time zone names this machine knows (Kubernetes reads the cluster's time zone database). */
export function isTimeZone(name: string): boolean {
  return name === "UTC" || name === "Etc/UTC" || Intl.supportedValuesOf("timeZone").includes(name);
}

const DESCRIBED: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The values a field of a valid schedule allows. */
function allowed(text: string, field: Field): Set<number> {
  const values = new Set<number>();
  if (text === "?") text = "*";
  for (const item of text.split(",")) {
    const [range, step = "1"] = item.split("/");
    const [low, high] = range === "*" ? [field.min, field.max] : (() => {
      const bounds = range!.split("-").map((bound) => valueOf(bound, field)!);
      return [bounds[0]!, bounds[1] ?? (item.includes("/") ? field.max : bounds[0]!)];
    })();
    for (let value = low; value <= high; value += Number(step)) values.add(value);
  }
  // Sunday is 0 and 7.
  if (field.name === "day of week" && values.has(7)) values.add(0);
  return values;
}

/**
 * The longest time, in seconds, between two runs of a valid schedule (in UTC; a time zone's
 * daylight-saving shift adds up to an hour), found by walking two years (a leap year first), day
 * by day. A schedule that runs less than twice in that span gives the span.
 */
export function longestGapSeconds(schedule: string): number {
  const parts = (DESCRIBED[schedule.trim().toLowerCase()] ?? schedule.trim()).split(/\s+/);
  const [minutes, hours, days, months, weekdays] = parts.map((part, index) => allowed(part, FIELDS[index]!));
  const dayRestricted = !/^[*?]$/.test(parts[2]!);
  const weekdayRestricted = !/^[*?]$/.test(parts[4]!);
  const times = [...hours!].sort((a, b) => a - b).flatMap((hour) => [...minutes!].sort((a, b) => a - b).map((minute) => hour * 60 + minute));
  const start = Date.UTC(2024, 0, 1);
  const spanDays = 366 + 365;
  let previous: number | undefined;
  let first: number | undefined;
  let longest = 0;
  for (let day = 0; day < spanDays; day++) {
    const date = new Date(start + day * 86_400_000);
    if (!months!.has(date.getUTCMonth() + 1)) continue;
    const dayOfMonth = days!.has(date.getUTCDate());
    const dayOfWeek = weekdays!.has(date.getUTCDay());
    // Cron's rule: with both restricted, either matching fires; otherwise the restricted one decides.
    if (!(dayRestricted && weekdayRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek)) continue;
    for (const time of times) {
      const minute = day * 1440 + time;
      if (previous !== undefined) longest = Math.max(longest, minute - previous);
      first ??= minute;
      previous = minute;
    }
  }
  return previous === first ? spanDays * 86_400 : longest * 60;
}
