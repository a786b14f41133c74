/**
 * Saved CloudWatch Logs Insights queries that make a service's container logs searchable from the console
 * (Logs Insights, "Saved queries", folder `<baseName>/<service>`). Pure: the Service component creates
 * one `aws.cloudwatch.QueryDefinition` per entry, scoped to the service's log group.
 *
 * Log streams are `<mode>/app/<task id>` for the service's container and `<mode>/otel-collector/<task id>`
 * (prefix `otel`) for the tracing sidecar, so `@logStream` tells modes and tasks apart.
 */

/** Lines that look like failures, whatever the logging library (plain text or JSON). */
export const ERROR_PATTERN = "/(?i)(error|exception|fatal|panic|traceback)/";

/** CloudWatch's limits on a saved query: name and query string. */
export const MAX_QUERY_NAME = 255;
export const MAX_QUERY_STRING = 10_000;

export interface LogQuery {
  /** Short id, part of the resource's logical name. */
  id: string;
  /** Name in the console; slashes make folders. */
  name: string;
  query: string;
}

/** The saved queries of one service. */
export function serviceLogQueries(baseName: string, service: string): LogQuery[] {
  const folder = `${baseName}/${service}`;
  const queries: LogQuery[] = [
    {
      id: "recent",
      name: `${folder}/recent`,
      query: ["fields @timestamp, @logStream, @message", "sort @timestamp desc", "limit 200"].join("\n| "),
    },
    {
      id: "errors",
      name: `${folder}/errors`,
      query: [
        "fields @timestamp, @logStream, @message",
        `filter @message like ${ERROR_PATTERN}`,
        "sort @timestamp desc",
        "limit 200",
      ].join("\n| "),
    },
    {
      id: "errors-per-task",
      name: `${folder}/errors-per-task`,
      query: [
        `filter @message like ${ERROR_PATTERN}`,
        "stats count(*) as errors by @logStream, bin(5m)",
        "sort errors desc",
      ].join("\n| "),
    },
  ];
  for (const q of queries) {
    if (q.name.length > MAX_QUERY_NAME || q.query.length > MAX_QUERY_STRING) {
      throw new Error(`saved query ${q.name.slice(0, 60)} exceeds CloudWatch's limits`);
    }
  }
  return queries;
}
