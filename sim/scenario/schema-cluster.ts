// The `cluster:` section of a scenario: name, endpoint, subnet, Talos version, secrets and the
// nodes (single nodes or groups, with role, hardware, config and patches). Leaves out the
// defaults the loader fills in (load-cluster.ts).
import { z } from 'zod';
import { NODE_ROLES } from '../../nodes/vocabulary.ts';
import { MAX_CLUSTER_NODES } from './cluster-limits.ts';
import { ENDPOINT_PATTERN, IPV4_PORT_PATTERN, name, nodeName, plainObject, RELATIVE_PATH_EXPECTED, RELATIVE_PATH_PATTERN, SUBNET_24_PATTERN, TALOS_VERSION_PATTERN } from './schema-building-blocks.ts';

export { MAX_CLUSTER_NODES };

const hardware = z
  .union(
    [
      z.string().min(1),
      z.looseObject({
        profile: z.string().min(1).meta({ description: 'Bundled profile name or relative path to a profile YAML.' }),
      }),
    ],
    { error: 'a hardware profile name, a relative path to a profile YAML, or a mapping with `profile`' },
  )
  .meta({
    default: 'default',
    description:
      'Hardware: a bundled profile name (`default`, ...), a path (containing `/` or ending in `.yaml`/`.yml`) relative to the scenario file to a profile YAML, or `{profile: <name or path>, <fields overriding the profile>}`. Default `default`.',
  });

const nodeOptionsShape = {
  role: z.enum(NODE_ROLES).meta({ description: 'Machine type of the node.' }),
  hardware: hardware.optional(),
  config: z
    .string()
    .regex(RELATIVE_PATH_PATTERN, { error: `generated or ${RELATIVE_PATH_EXPECTED}` })
    .optional()
    .meta({
      default: 'generated',
      description:
        "`generated` (default): a machine config generated from the cluster's secrets for the node's role; otherwise a path, relative to the scenario's directory, to a machine config file.",
    }),
  patches: z
    .array(
      z.union([plainObject, z.string().min(1)], { error: 'a mapping (strategic merge patch), `@<file>` or inline patch text' }),
    )
    .optional()
    .meta({
      description:
        "Config patches, in order: a mapping (merged into the v1alpha1 document with Talos's rules), or as talosctl's --config-patch takes them: `@<file>` (relative to the scenario's directory) or inline YAML/JSON text (strategic merge of any document, `$patch: delete`, or an RFC 6902 JSON patch). Default none.",
    }),
  configured: z
    .boolean()
    .optional()
    .meta({ default: true, description: 'Default true. false: the node boots into maintenance mode with no config.' }),
};

const singleNode = z
  .strictObject({ name: nodeName.meta({ description: 'Node name (its hostname).' }), ...nodeOptionsShape })
  .meta({ description: 'One node.' });

const nodeGroup = z
  .strictObject({
    group: name.meta({ description: 'Group name: the nodes are named <group>-1 .. <group>-<count>.' }),
    count: z.int().min(1).max(MAX_CLUSTER_NODES).meta({ description: 'Number of nodes in the group.' }),
    ...nodeOptionsShape,
  })
  .meta({ description: 'A group of identical nodes.' });

export const cluster = z
  .strictObject({
    name: name.optional().meta({ default: 'talsim', description: 'Cluster name. Default `talsim`.' }),
    endpoint: z
      .string()
      .regex(ENDPOINT_PATTERN, { error: 'an https URL with a port, like https://10.5.0.2:6443' })
      .optional()
      .meta({
        description:
          'Kubernetes control plane endpoint, `https://<host>:<port>`. Default `https://<first control plane address>:6443` (left empty in the plan; the cluster fills it in).',
      }),
    subnet: z
      .string()
      .regex(SUBNET_24_PATTERN, { error: 'an IPv4 /24 subnet, like 10.5.0.0/24' })
      .optional()
      .meta({ default: '10.5.0.0/24', description: 'IPv4 /24 the nodes get addresses from. Default `10.5.0.0/24`.' }),
    talosVersion: z
      .string()
      .regex(TALOS_VERSION_PATTERN, { error: 'a Talos version, like v1.13.0' })
      .optional()
      .meta({ default: 'v1.13.9', description: 'Talos version the nodes emulate. Default `v1.13.9` (the newest v1.13 patch release).' }),
    secrets: z
      .string()
      .regex(RELATIVE_PATH_PATTERN, { error: RELATIVE_PATH_EXPECTED })
      .optional()
      .meta({
        description:
          "Path, relative to the scenario's directory, to your cluster's secrets.yaml (talosctl gen secrets / talsim gen config): the nodes use its CAs and tokens, so a talosconfig made from it works. Default: secrets drawn from the seed.",
      }),
    kms: z
      .union([z.literal(true), z.strictObject({
        address: z
          .string()
          .regex(IPV4_PORT_PATTERN, { error: 'an IPv4 address and port, like 10.5.0.254:4050' })
          .optional()
          .meta({ default: '<subnet>.254:4050', description: 'Where the KMS server listens on the simulated network. Default host 254 of the subnet, port 4050.' }),
      })], { error: 'true or a mapping with `address`' })
      .optional()
      .meta({
        description:
          "A KMS server on the cluster's network (siderolabs/kms-client's KMSService): volume encryption keys of type `kms` with `endpoint: grpc://<address>` seal and unseal with it; the `kms-down` fault stops it and link faults can cut `kms` off; `talsim up` also serves it over real gRPC on loopback. Default none.",
      }),
    nodes: z
      .array(
        z.union([singleNode, nodeGroup], { error: 'a node (`name`, `role`, ...) or a group (`group`, `count`, `role`, ...)' }),
      )
      .min(1)
      .meta({
        description: `The nodes, in order: each a single node (\`name\`) or a group (\`group\` + \`count\`). At least one control plane node; at most ${MAX_CLUSTER_NODES} nodes; names unique.`,
      }),
  })
  .meta({ description: 'The simulated cluster.' });

