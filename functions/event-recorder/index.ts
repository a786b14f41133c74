/**
 * Entry point of the event recorder (handler `index.handler`). The AWS SDK v3 comes with the Lambda
 * Node.js runtime, so it is loaded by name at the first invocation rather than bundled.
 */
import { configFromEnvironment, DynamoSdk, dynamoStore, EventStore, handle } from "./recorder";

const SDK_MODULE = "@aws-sdk/client-dynamodb";
let store: Promise<EventStore> | undefined;

export async function handler(event: unknown): ReturnType<typeof handle> {
  const config = configFromEnvironment(process.env);
  store ??= import(SDK_MODULE).then((sdk) => dynamoStore(sdk as DynamoSdk, config.tableName));
  return handle(event, await store, config);
}
