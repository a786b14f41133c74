/**
 * Validation of EventBridge Scheduler expressions (`cron(...)` and `rate(...)`), so that a bad schedule is a
 * config error before anything is registered rather than a failed deployment.
 *
 * Source: EventBridge Scheduler user guide, "Schedule types": cron expressions have six fields (minutes,
 * hours, day-of-month, month, day-of-week, year); one of day-of-month and day-of-week must be `?`; rate
 * expressions are `rate(value unit)` with unit minute(s), hour(s) or day(s).
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Special forms allowed besides numbers, ranges, lists and steps. */
  special?: RegExp;
  question?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(L|[1-7]L|[1-7]#[1-5])$/, question: true },
  { name: "year", min: 1970, max: 2199 },
];

function value(token: string, field: FieldSpec): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return named >= 0 ? named + field.min : undefined;
}

function itemOk(item: string, field: FieldSpec): boolean {
  if (item === "*" || (field.special?.test(item) ?? false)) {
    return true;
  }
  const [base, step, extra] = item.split("/");
  if (extra !== undefined || base === "") {
    return false;
  }
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) {
    return false;
  }
  if (base === "*") {
    return true;
  }
  const [from, to, more] = base.split("-");
  if (more !== undefined) {
    return false;
  }
  const a = value(from, field);
  if (to === undefined) {
    return a !== undefined;
  }
  const b = value(to, field);
  return a !== undefined && b !== undefined;
}

function cronProblem(body: string): string | undefined {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`;
  }
  for (let i = 0; i < 6; i++) {
    const field = FIELDS[i];
    const text = parts[i];
    if (text === "?") {
      if (!field.question) {
        return `"?" is allowed only in day-of-month or day-of-week, not in ${field.name}`;
      }
      continue;
    }
    if (!text.split(",").every((item) => itemOk(item, field))) {
      return `${field.name} field "${text}" is not valid (values ${field.min}..${field.max}${field.names ? " or names" : ""}, with , - * /)`;
    }
  }
  const [dom, dow] = [parts[2], parts[4]];
  if ((dom === "?") === (dow === "?")) {
    return "exactly one of day-of-month and day-of-week must be ? (for example cron(0 3 * * ? *))";
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (!m) {
    return "a rate expression is rate(<n> minute|minutes|hour|hours|day|days), for example rate(5 minutes)";
  }
  const n = Number(m[1]);
  if (n < 1) {
    return "the rate value must be 1 or more";
  }
  const plural = m[2].endsWith("s");
  if (n === 1 && plural) {
    return `use the singular unit with 1: rate(1 ${m[2].slice(0, -1)})`;
  }
  if (n > 1 && !plural) {
    return `use the plural unit with ${n}: rate(${n} ${m[2]}s)`;
  }
  return undefined;
}

/** What is wrong with a schedule expression, or undefined when EventBridge Scheduler accepts it. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) {
    return cronProblem(cron[1]);
  }
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) {
    return rateProblem(rate[1]);
  }
  return "expected cron(<6 fields>) or rate(<n> <unit>), for example cron(0 3 * * ? *) or rate(15 minutes)";
}

/** True when the runtime knows the IANA time zone (Scheduler takes IANA names such as Europe/Dublin). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
