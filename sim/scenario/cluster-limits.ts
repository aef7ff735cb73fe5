// Limits of a cluster that both the scenario schema and code without the schema read (load-cluster,
// the live plan): a module of its own, so `talsim up` does not build the zod schemas to know them.

/** Most nodes a cluster may have: its /24 subnet holds them all with room for the gateway. */
export const MAX_CLUSTER_NODES = 250;
