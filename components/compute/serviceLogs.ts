/** The logs of a service: its encrypted log group, and saved Logs Insights queries over it. */
import * as aws from "@pulumi/aws";

import { encryptedLogGroup } from "../shared/logGroup";
import { serviceLogQueries } from "../shared/logQueries";
import { ServiceArgs, ServiceScope } from "./serviceArgs";

/** `/ecs/<baseName>/<service>`, encrypted with the environment key, with the environment's retention. */
export function serviceLogGroup(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "baseName" | "kmsKeyArn" | "logRetentionDays">,
): aws.cloudwatch.LogGroup {
  return encryptedLogGroup(
    `${scope.name}-logs`,
    {
      logGroupName: `/ecs/${inputs.baseName}/${inputs.spec.name}`,
      retentionInDays: inputs.logRetentionDays,
      kmsKeyArn: inputs.kmsKeyArn,
    },
    { parent: scope.parent },
  );
}

/** Container logs, searchable: saved Logs Insights queries in the console's folder of the service. */
export function serviceLogQueryDefinitions(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "baseName"> & { logGroup: aws.cloudwatch.LogGroup },
): aws.cloudwatch.QueryDefinition[] {
  return serviceLogQueries(inputs.baseName, inputs.spec.name).map(
    (q) =>
      new aws.cloudwatch.QueryDefinition(
        `${scope.name}-query-${q.id}`,
        { name: q.name, queryString: q.query, logGroupNames: [inputs.logGroup.name] },
        { parent: scope.parent },
      ),
  );
}
