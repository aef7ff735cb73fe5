// inspect.InspectService ControllerRuntimeDependencies: a small, fixed graph of the controllers
// talsim models in miniature and the resources they read and write, in Talos's controller and
// resource type names (what `talosctl inspect dependencies` renders as a graph).
import type { ServiceImplementation, UnaryHandler } from './api-contract.ts';
import { RT } from '../resources/resource-types.ts';
import { single } from './handler-support.ts';

type EdgeType = 'OUTPUT_EXCLUSIVE' | 'OUTPUT_SHARED' | 'INPUT_STRONG' | 'INPUT_WEAK' | 'INPUT_DESTROY_READY';

const edge = (controller: string, type: EdgeType, namespace: string, resourceType: string) => ({
  controller_name: controller,
  edge_type: type,
  resource_namespace: namespace,
  resource_type: resourceType,
  resource_id: '',
});

const DEPENDENCIES = [
  edge('block.DisksController', 'OUTPUT_EXCLUSIVE', 'runtime', RT.disk),
  edge('block.DevicesController', 'OUTPUT_EXCLUSIVE', 'runtime', RT.blockDevice),
  edge('network.LinkStatusController', 'OUTPUT_EXCLUSIVE', 'network', RT.linkStatus),
  edge('network.AddressSpecController', 'INPUT_STRONG', 'network', RT.linkStatus),
  edge('network.AddressSpecController', 'OUTPUT_EXCLUSIVE', 'network', RT.addressStatus),
  edge('network.RouteSpecController', 'INPUT_STRONG', 'network', RT.linkStatus),
  edge('network.RouteSpecController', 'OUTPUT_EXCLUSIVE', 'network', RT.routeStatus),
  edge('network.HostnameSpecController', 'INPUT_WEAK', 'config', RT.machineConfig),
  edge('network.HostnameSpecController', 'OUTPUT_EXCLUSIVE', 'network', RT.hostnameStatus),
  edge('time.SyncController', 'INPUT_WEAK', 'config', RT.machineConfig),
  edge('time.SyncController', 'OUTPUT_EXCLUSIVE', 'runtime', RT.timeStatus),
  edge('config.MachineTypeController', 'INPUT_WEAK', 'config', RT.machineConfig),
  edge('config.MachineTypeController', 'OUTPUT_EXCLUSIVE', 'config', RT.machineType),
  edge('cluster.MemberController', 'INPUT_WEAK', 'network', RT.addressStatus),
  edge('cluster.MemberController', 'OUTPUT_EXCLUSIVE', 'cluster', RT.member),
  edge('etcd.MemberController', 'OUTPUT_EXCLUSIVE', 'etcd', RT.etcdMember),
  edge('k8s.NodenameController', 'INPUT_WEAK', 'network', RT.hostnameStatus),
  edge('k8s.NodenameController', 'OUTPUT_EXCLUSIVE', 'k8s', RT.nodename),
  edge('k8s.StaticPodServerController', 'INPUT_WEAK', 'runtime', RT.service),
  edge('k8s.StaticPodServerController', 'OUTPUT_EXCLUSIVE', 'k8s', RT.staticPodStatus),
  edge('runtime.MachineStatusController', 'INPUT_WEAK', 'runtime', RT.service),
  edge('runtime.MachineStatusController', 'INPUT_WEAK', 'runtime', RT.timeStatus),
  edge('runtime.MachineStatusController', 'INPUT_WEAK', 'k8s', RT.staticPodStatus),
  edge('runtime.MachineStatusController', 'OUTPUT_EXCLUSIVE', 'runtime', RT.machineStatus),
  edge('runtime.VersionController', 'OUTPUT_EXCLUSIVE', 'runtime', RT.version),
];

const controllerRuntimeDependencies: UnaryHandler = () => single({ edges: DEPENDENCIES });

export const inspectService: ServiceImplementation = {
  service: 'inspect.InspectService',
  unary: { ControllerRuntimeDependencies: controllerRuntimeDependencies },
  streams: {},
};
