/** S3: bucket names, Object Lock retention. */
import { ApiCoverage, combination, nameRules, pattern, reserved } from "./rule";

const NAMING = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";
const DEFAULT_RETENTION = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DefaultRetention.html";

/** Pulumi lower-cases a bucket's auto-name; one longer than 63 fails in preview rather than being cut. */
const BUCKET = { property: "bucket", auto: true, lower: true } as const;

export const BUCKET_RULES: ApiCoverage = {
  rules: [
    ...nameRules(
      "s3-bucket-name",
      {
        ...BUCKET,
        min: 3,
        max: 63,
        regex: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
        text: "uses only lower-case letters, digits, '.' and '-', and begins and ends with a letter or digit",
      },
      NAMING,
    ),
    pattern(
      "s3-bucket-name-form",
      {
        ...BUCKET,
        regex: /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)(?!.*\.-)(?!.*-\.).*$/,
        text: "is not an IP address and has no two adjacent periods or a period next to a hyphen",
      },
      NAMING,
    ),
    reserved(
      "s3-bucket-name-reserved",
      {
        ...BUCKET,
        prefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
        suffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
      },
      NAMING,
    ),
  ],
};

/** Object Lock's default retention: a mode and exactly one of a positive number of days or of years. */
export const OBJECT_LOCK: ApiCoverage = {
  rules: [
    combination(
      "s3-object-lock-retention",
      "rule.defaultRetention has a mode and exactly one of Days or Years, a positive whole number",
      DEFAULT_RETENTION,
      (inputs) => {
        const rule = inputs.rule as { defaultRetention?: Record<string, unknown> } | undefined;
        const retention = rule?.defaultRetention;
        if (retention === undefined) {
          return [];
        }
        const periods = ["days", "years"].filter((k) => retention[k] !== undefined && retention[k] !== null);
        const bad = periods.filter((k) => {
          const v = retention[k];
          return typeof v === "number" && (!Number.isInteger(v) || v < 1);
        });
        return periods.length !== 1 || bad.length > 0 || retention.mode === undefined
          ? [{ property: "rule.defaultRetention", value: JSON.stringify(retention) }]
          : [];
      },
    ),
  ],
};
