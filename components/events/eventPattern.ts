/**
 * Validation of EventBridge event patterns written in config, so that a pattern EventBridge would reject
 * is a config error naming the key rather than a failed deployment.
 *
 * Source: EventBridge user guide, "Event patterns": a pattern is a JSON object whose fields are objects
 * (nested fields) or arrays of values and filters to match; an empty pattern matches nothing useful, and
 * a pattern is at most 2048 characters under the default quota (4096 with an increase).
 */

/** Longest pattern the default EventBridge quota accepts, in characters. */
export const MAX_PATTERN_LENGTH = 2048;

/** The path of a field in a pattern, for messages: `detail.status`. */
function pathOf(path: readonly string[]): string {
  return path.join(".");
}

/** The first field that is neither an object nor a non-empty array, if any. */
function leafProblem(value: Record<string, unknown>, path: readonly string[]): string | undefined {
  const entries = Object.entries(value);
  if (entries.length === 0) {
    return path.length === 0
      ? "the pattern is an empty object; name at least one field to match (source, detail-type, detail...)"
      : `field ${pathOf(path)} is an empty object; give it fields or remove it`;
  }
  for (const [key, v] of entries) {
    const at = [...path, key];
    if (Array.isArray(v)) {
      if (v.length === 0) {
        return `field ${pathOf(at)} is an empty array, which matches nothing; list the values to match`;
      }
      continue;
    }
    if (v !== null && typeof v === "object") {
      const nested = leafProblem(v as Record<string, unknown>, at);
      if (nested !== undefined) {
        return nested;
      }
      continue;
    }
    return (
      `field ${pathOf(at)} is ${JSON.stringify(v)}; every value to match must be in an array, ` +
      `for example {"${key}": [${JSON.stringify(v)}]}`
    );
  }
  return undefined;
}

/**
 * What is wrong with an event pattern, or undefined when EventBridge can take it. The text must be a JSON
 * object; every field is an object of fields or a non-empty array of values and filters.
 */
export function eventPatternProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return `is not valid JSON (${reason}); write the pattern as a JSON object in quotes, for example '{"source": ["acme.orders"]}'`;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return `is ${Array.isArray(parsed) ? "a JSON array" : `JSON ${JSON.stringify(parsed)}`}; an event pattern is a JSON object`;
  }
  const problem = leafProblem(parsed as Record<string, unknown>, []);
  if (problem !== undefined) {
    return problem;
  }
  const sent = JSON.stringify(parsed).length;
  if (sent > MAX_PATTERN_LENGTH) {
    return `is ${sent} characters without whitespace; EventBridge accepts ${MAX_PATTERN_LENGTH} (more only with a quota increase)`;
  }
  return undefined;
}

/** The pattern in the compact form it is sent in (so that whitespace in the YAML causes no diff). */
export function normalizedPattern(text: string): string {
  return JSON.stringify(JSON.parse(text));
}
