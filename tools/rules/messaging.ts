/** SQS and SNS: queue and topic names, FIFO suffixes. */
import { ApiCoverage, combination, known, nameRules } from "./rule";

const CREATE_QUEUE =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html";
const CREATE_TOPIC = "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html";

/**
 * The FIFO suffix: a FIFO queue's or topic's name ends with `.fifo`, a standard one's does not. Pulumi adds
 * `.fifo` to the auto-name of a FIFO queue or topic itself.
 */
function fifoSuffix(id: string, doc: string) {
  return combination(id, "name ends with .fifo exactly when fifoQueue/fifoTopic is true", doc, (inputs) => {
    const fifo = inputs.fifoQueue ?? inputs.fifoTopic;
    const name = known(inputs.name);
    if (name === undefined || (fifo !== true && fifo !== false && fifo !== undefined)) {
      return [];
    }
    return (fifo === true) !== name.endsWith(".fifo") ? [{ property: "name", value: name }] : [];
  });
}

export const QUEUE: ApiCoverage = {
  rules: [
    ...nameRules(
      "sqs-queue-name",
      {
        property: "name",
        auto: true,
        max: 80,
        regex: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
        text: "uses only alphanumerics, hyphens and underscores (and a .fifo suffix)",
      },
      CREATE_QUEUE,
    ),
    fifoSuffix("sqs-queue-fifo-suffix", CREATE_QUEUE),
    combination(
      "sqs-queue-attribute-ranges",
      "visibilityTimeoutSeconds 0..43200, messageRetentionSeconds 60..1209600, delaySeconds 0..900, receiveWaitTimeSeconds 0..20",
      CREATE_QUEUE,
      (i) =>
        (
          [
            ["visibilityTimeoutSeconds", 0, 43200],
            ["messageRetentionSeconds", 60, 1209600],
            ["delaySeconds", 0, 900],
            ["receiveWaitTimeSeconds", 0, 20],
          ] as const
        )
          .filter(([k, min, max]) => typeof i[k] === "number" && (i[k] < min || i[k] > max))
          .map(([k]) => ({ property: k, value: String(i[k]) })),
    ),
    combination(
      "sqs-content-deduplication-fifo",
      "contentBasedDeduplication applies only to FIFO queues",
      CREATE_QUEUE,
      (i) =>
        i.contentBasedDeduplication === true && i.fifoQueue !== true
          ? [{ property: "contentBasedDeduplication", value: "true without fifoQueue" }]
          : [],
    ),
  ],
};

export const TOPIC: ApiCoverage = {
  rules: [
    ...nameRules(
      "sns-topic-name",
      {
        property: "name",
        auto: true,
        max: 256,
        regex: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
        text: "uses only alphanumerics, hyphens and underscores (and a .fifo suffix)",
      },
      CREATE_TOPIC,
    ),
    fifoSuffix("sns-topic-fifo-suffix", CREATE_TOPIC),
  ],
};
