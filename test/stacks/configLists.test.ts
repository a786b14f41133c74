/** Lists whose entries must be unique, images that must not move, and variables that must not hold secrets. */
import * as assert from "assert";

import { secretWord } from "../../components/compute/serviceSpec";
import { problemLines, rawConfig } from "../helpers/config";

const json = (v: unknown): string => JSON.stringify(v);
const DIGEST = `sha256:${"a".repeat(64)}`;

/** A dev stack with one internal api service, changed by `service`. */
function withService(service: Record<string, unknown>, changes: Record<string, string> = {}): string[] {
  const base = { name: "orders", modes: ["api"], image: "ghcr.io/acme/orders:1.0.0", paths: ["/orders/*"] };
  return problemLines(rawConfig({ services: json([{ ...base, ...service }]), ...changes }));
}

describe("unique list entries", () => {
  it("refuse an alert address twice, compared without case", () => {
    assert.deepStrictEqual(
      problemLines(rawConfig({ alertEmails: json(["ops@example.com", "OPS@example.com"]) })),
      ['platform:alertEmails[1]: got "OPS@example.com", already alertEmails[0]; each address once'],
    );
  });

  it("refuse a VPN source block twice", () => {
    assert.deepStrictEqual(
      problemLines(rawConfig({ vpnAllowedCidrs: json(["198.51.100.0/24", "198.51.100.0/24"]) })),
      [
        'platform:vpnAllowedCidrs[1]: got "198.51.100.0/24", already vpnAllowedCidrs[0]; each source block once',
      ],
    );
  });

  it("refuse a service's path twice, once", () => {
    assert.deepStrictEqual(withService({ paths: ["/orders/*", "/orders/*"] }), [
      'platform:services[0].paths[1]: service "orders" claims path "/orders/*", which service "orders" already claims (platform:services[0].paths[0]); each path routes to one service',
    ]);
  });

  it("refuse a Kafka client's topic twice", () => {
    const problems = problemLines(
      rawConfig({
        kafkaProvider: "msk",
        kafkaTopics: json([{ name: "orders" }]),
        kafkaClients: json([{ name: "orders", read: ["orders", "orders"] }]),
      }),
    );
    assert.deepStrictEqual(problems, [
      'platform:kafkaClients[0].read[1]: got "orders", already .read[0]; each topic once',
    ]);
  });
});

describe("image references", () => {
  it("refuse the latest tag and a missing tag; a digest pins", () => {
    assert.deepStrictEqual(withService({ image: "ghcr.io/acme/orders:latest" }), [
      'platform:services[0].image: service "orders": got "ghcr.io/acme/orders:latest"; is tagged "latest", which moves with every push; pin a version tag (repository:1.4.2) or a digest (repository@sha256:<digest>) so a deployment is repeatable',
    ]);
    assert.deepStrictEqual(withService({ image: "ghcr.io/acme/orders" }), [
      'platform:services[0].image: service "orders": got "ghcr.io/acme/orders"; has no tag or digest; pin one (repository:1.4.2 or repository@sha256:<digest>) so a deployment is repeatable',
    ]);
    assert.deepStrictEqual(withService({ image: `ghcr.io/acme/orders:latest@${DIGEST}` }), []);
    assert.deepStrictEqual(withService({ image: `ghcr.io/acme/orders@${DIGEST}` }), []);
  });

  it("take registry:<repository>:<tag> from the organization's registry, and refuse a repository it does not have", () => {
    assert.deepStrictEqual(withService({ image: "registry:gateway:2.3.1" }), []);
    assert.deepStrictEqual(withService({ image: `registry:gateway@${DIGEST}` }), []);
    assert.deepStrictEqual(withService({ image: "registry:billing:1.0.0" }), [
      'platform:services[0].image: service "orders": got "registry:billing:1.0.0"; the organization\'s registry has no repository "billing" (it has: gateway); add it to organization:registry.repositories in organization/Pulumi.organization.yaml and deploy the organization first',
    ]);
    assert.deepStrictEqual(withService({ image: "registry:gateway:latest" }), [
      'platform:services[0].image: service "orders": got "registry:gateway:latest"; is tagged "latest", which moves with every push; pin a version tag (repository:1.4.2) or a digest (repository@sha256:<digest>) so a deployment is repeatable',
    ]);
    assert.deepStrictEqual(withService({ image: "registry:ghcr.io/acme/gateway:1.0.0" }), [
      'platform:services[0].image: service "orders": got "registry:ghcr.io/acme/gateway:1.0.0"; registry: is followed by a repository of the organization\'s registry and its tag (registry:gateway:2.3.1), without a host',
    ]);
  });

  it("refuse the latest tag of a function's image", () => {
    const functions = json([{ name: "export", image: "orders:latest" }]);
    assert.deepStrictEqual(withService({}, { functions }), [
      'platform:functions[0].image: function "export": got "orders:latest"; is tagged "latest", which moves with every push; pin a version tag (repository:1.4.2) or a digest (repository@sha256:<digest>) so a deployment is repeatable',
    ]);
  });
});

describe("secret-looking environment variables", () => {
  it("are refused in a service's plain environment, with a pointer to its secrets", () => {
    assert.deepStrictEqual(withService({ environment: { DB_PASSWORD: "hunter2", LOG_LEVEL: "info" } }), [
      'platform:services[0].environment.DB_PASSWORD: service "orders": the name says it holds a secret (PASSWORD), but environment values are plain text in the task definition and the state; store it in Secrets Manager and name it in the service\'s secrets (secrets: {DB_PASSWORD: secretsmanager:<name>})',
    ]);
  });

  it("are judged by the name's words, not its letters", () => {
    assert.deepStrictEqual(
      ["API_KEY", "GITHUB_TOKEN", "client_secret", "KEYCLOAK_URL", "MONKEY_COUNT", "TOKENIZER_MODEL"].map(
        (n) => secretWord(n) ?? "-",
      ),
      ["KEY", "TOKEN", "SECRET", "-", "-", "-"],
    );
  });
});
