/**
 * The data stores of an environment, in request-flow order: static content at the edge, then
 * Postgres, MongoDB Atlas, the cache, file storage and search. `buildEnvironment` calls
 * {@link buildDataStores}; `environmentOutputs` adds {@link dataOutputs}.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import { Cache } from "../components/data/cache";
import { FileStorage } from "../components/data/fileStorage";
import { MongoAtlas } from "../components/data/mongoAtlas";
import { Postgres } from "../components/data/postgres";
import { Search } from "../components/data/search";
import { CloudFrontPriceClass, StaticSite } from "../components/data/staticSite";
import { Network } from "../components/network/network";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
import { DataOutputs } from "./outputs";

/** What the data stores read of the stack config. */
export type DataStoresConfig = Pick<
  StackConfig,
  | "region"
  | "domain"
  | "vpcCidr"
  | "azCount"
  | "protectStatefulResources"
  | "logRetentionDays"
  | "kmsDeletionWindowDays"
  | "staticSiteSubdomain"
  | "staticSitePriceClass"
  | "staticSiteWaf"
  | "postgresMajorVersion"
  | "postgresInstanceClass"
  | "postgresAllocatedStorageGb"
  | "postgresMaxAllocatedStorageGb"
  | "postgresMultiAz"
  | "postgresBackupRetentionDays"
  | "postgresReadReplicas"
  | "postgresDatabaseName"
  | "mongodbEnabled"
  | "mongodbAtlasOrgId"
  | "mongodbAtlasCidr"
  | "mongodbInstanceSize"
  | "mongodbMajorVersion"
  | "mongodbBackup"
  | "cacheEngine"
  | "cacheNodeType"
  | "cacheReplicas"
  | "cacheSnapshotRetentionDays"
  | "fileStorageNoncurrentVersionDays"
  | "searchEnabled"
  | "searchInstanceType"
  | "searchInstanceCount"
  | "searchZoneAwareness"
  | "searchVolumeGb"
  | "searchDedicatedMasters"
>;

/** The environment's shared things (alarms: of Postgres, the cache and search), the network and the edge's zone and logs. */
export interface DataStoresOptions extends EnvironmentContext {
  readonly network: Network;
  /** The environment's public hosted zone (for the static site's certificate and alias records). */
  readonly publicZoneId: pulumi.Input<string>;
  /** The environment's access-log bucket (SSE-S3), which receives S3 server access logs. */
  readonly accessLogBucket: pulumi.Input<string>;
  /** The delegation of a public zone the environment creates (certificate validations wait for it). */
  readonly zoneDelegation?: pulumi.Resource;
}

export interface DataStores {
  /** Static content: a private bucket behind CloudFront with TLS, WAF and its own DNS name. */
  staticSite: StaticSite;
  postgres: Postgres;
  mongodb?: MongoAtlas;
  cache: Cache;
  fileStorage: FileStorage;
  search?: Search;
}

/**
 * Atlas credentials come from the provider's own config (`mongodbatlas:publicKey`/`privateKey` or
 * `clientId`/`clientSecret`, set as secrets) or, when those are unset, from its environment variables
 * (MONGODB_ATLAS_PUBLIC_KEY/MONGODB_ATLAS_PRIVATE_KEY or MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET).
 */
function atlasProvider(): mongodbatlas.Provider {
  const atlas = new pulumi.Config("mongodbatlas");
  return new mongodbatlas.Provider("mongodbatlas", {
    publicKey: atlas.getSecret("publicKey"),
    privateKey: atlas.getSecret("privateKey"),
    clientId: atlas.getSecret("clientId"),
    clientSecret: atlas.getSecret("clientSecret"),
  });
}

export function buildDataStores(config: DataStoresConfig, options: DataStoresOptions): DataStores {
  const { baseName, network, inAccount } = options;
  const protect = config.protectStatefulResources;
  const services = [network.servicesSecurityGroup.id];

  const staticSite = new StaticSite(
    "static-site",
    {
      baseName,
      hostName: `${config.staticSiteSubdomain}.${config.domain}`,
      zoneId: options.publicZoneId,
      accountId: options.accountId,
      kmsKeyArn: options.kmsKeyArn,
      accessLogBucket: options.accessLogBucket,
      priceClass: config.staticSitePriceClass as CloudFrontPriceClass,
      waf: config.staticSiteWaf,
      logRetentionDays: config.logRetentionDays,
      keyDeletionWindowDays: config.kmsDeletionWindowDays,
      protect,
      zoneDelegation: options.zoneDelegation,
    },
    inAccount,
  );

  const postgres = new Postgres(
    "postgres",
    {
      baseName,
      accountId: options.accountId,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      availabilityZones: network.availabilityZones,
      clientSecurityGroupIds: services,
      kmsKeyArn: options.kmsKeyArn,
      majorVersion: config.postgresMajorVersion,
      instanceClass: config.postgresInstanceClass,
      allocatedStorageGb: config.postgresAllocatedStorageGb,
      maxAllocatedStorageGb: config.postgresMaxAllocatedStorageGb,
      multiAz: config.postgresMultiAz,
      backupRetentionDays: config.postgresBackupRetentionDays,
      readReplicas: config.postgresReadReplicas,
      databaseName: config.postgresDatabaseName,
      logRetentionDays: config.logRetentionDays,
      protect,
      ...options.alarms,
    },
    inAccount,
  );

  const mongodb = !config.mongodbEnabled
    ? undefined
    : new MongoAtlas(
        "mongodb",
        {
          orgId: config.mongodbAtlasOrgId,
          baseName,
          region: config.region,
          accountId: options.accountId,
          vpcId: network.vpcId,
          vpcCidr: config.vpcCidr,
          atlasCidr: config.mongodbAtlasCidr,
          privateRouteTableIds: network.tiers.private.routeTables.map((rt) => rt.id),
          instanceSize: config.mongodbInstanceSize,
          mongoDbMajorVersion: config.mongodbMajorVersion,
          backup: config.mongodbBackup,
          protect,
        },
        { providers: [options.provider, atlasProvider()] },
      );

  const cache = new Cache(
    "cache",
    {
      baseName,
      engine: config.cacheEngine,
      nodeType: config.cacheNodeType,
      replicas: config.cacheReplicas,
      snapshotRetentionDays: config.cacheSnapshotRetentionDays,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      availabilityZones: network.availabilityZones,
      clientSecurityGroupIds: services,
      kmsKeyArn: options.kmsKeyArn,
      logRetentionDays: config.logRetentionDays,
      protect,
      ...options.alarms,
    },
    // The AUTH token is generated with an explicit random provider: nothing uses a default provider.
    { providers: [options.provider, new random.Provider("random")] },
  );

  const fileStorage = new FileStorage(
    "files",
    {
      kmsKeyArn: options.kmsKeyArn,
      accessLogBucket: options.accessLogBucket,
      noncurrentVersionDays: config.fileStorageNoncurrentVersionDays,
      protect,
    },
    inAccount,
  );

  const search = config.searchEnabled
    ? new Search(
        "search",
        {
          baseName,
          region: config.region,
          accountId: options.accountId,
          vpcId: network.vpcId,
          subnetIds: network.dataSubnetIds,
          azCount: config.azCount,
          clientSecurityGroupIds: services,
          kmsKeyArn: options.kmsKeyArn,
          instanceType: config.searchInstanceType,
          instanceCount: config.searchInstanceCount,
          zoneAwareness: config.searchZoneAwareness,
          volumeGb: config.searchVolumeGb,
          dedicatedMasters: config.searchDedicatedMasters,
          logRetentionDays: config.logRetentionDays,
          protect,
          // A VPC domain created through the API needs the account's OpenSearch service-linked role first.
          prerequisites: options.linkedRoles.for("opensearchservice.amazonaws.com"),
          ...options.alarms,
        },
        inAccount,
      )
    : undefined;

  return { staticSite, postgres, mongodb, cache, fileStorage, search };
}

/** What services need to connect to each store: endpoints, ports, secret ARNs, security groups. */
export function dataOutputs(data: DataStores): pulumi.Output<DataOutputs> {
  return pulumi.output({
    postgres: {
      address: data.postgres.address,
      port: data.postgres.port,
      databaseName: data.postgres.databaseName,
      resourceId: data.postgres.resourceId,
      masterSecretArn: data.postgres.masterSecretArn,
      replicaAddresses: data.postgres.replicaAddresses,
      securityGroupId: data.postgres.securityGroupId,
    },
    mongodb: data.mongodb && {
      projectId: data.mongodb.projectId,
      clusterName: data.mongodb.clusterName,
      connectionString: data.mongodb.connectionString,
      atlasCidr: data.mongodb.atlasCidr,
    },
    cache: {
      engine: data.cache.engine,
      endpoint: data.cache.endpoint,
      readerEndpoint: data.cache.readerEndpoint,
      port: data.cache.port,
      authSecretArn: data.cache.authSecretArn,
      securityGroupId: data.cache.securityGroupId,
    },
    fileStorage: { bucketName: data.fileStorage.bucketName, bucketArn: data.fileStorage.bucketArn },
    staticSite: {
      bucketName: data.staticSite.bucketName,
      bucketArn: data.staticSite.bucketArn,
      distributionId: data.staticSite.distributionId,
      distributionArn: data.staticSite.distributionArn,
      url: data.staticSite.url,
    },
    search: data.search && {
      endpoint: data.search.endpoint,
      domainArn: data.search.domainArn,
      port: data.search.port,
      securityGroupId: data.search.securityGroupId,
      adminRoleArn: data.search.adminRoleArn,
    },
  });
}
