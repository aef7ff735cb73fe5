// What kubelet reports about its machine when it registers its Node (addresses, capacity from the
// hardware, nodeInfo): the node's side fills it in, the cluster's Kubernetes model keeps it.

export interface NodeFacts {
  internalIp: string;
  cpus: number;
  memoryBytes: number;
  ephemeralBytes: number;
  arch: string;
  machineId: string;
  systemUuid: string;
  bootId: string;
  kernelVersion: string;
  osImage: string;
  kubeletVersion: string;
  containerRuntimeVersion: string;
  controlPlane: boolean;
}
