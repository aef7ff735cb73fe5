// Original file: proto/resource/definitions/k8s/k8s.proto


export interface BootstrapManifestsConfigSpec {
  'server'?: (string);
  'cluster_domain'?: (string);
  'pod_cid_rs'?: (string)[];
  'proxy_enabled'?: (boolean);
  'proxy_image'?: (string);
  'proxy_args'?: (string)[];
  'core_dns_enabled'?: (boolean);
  'core_dns_image'?: (string);
  'dns_service_ip'?: (string);
  'dns_service_i_pv6'?: (string);
  'flannel_enabled'?: (boolean);
  'flannel_image'?: (string);
  'pod_security_policy_enabled'?: (boolean);
  'talos_api_service_enabled'?: (boolean);
  'flannel_extra_args'?: (string)[];
  'flannel_kube_service_host'?: (string);
  'flannel_kube_service_port'?: (string);
  'flannel_kube_network_policies_enabled'?: (boolean);
  'flannel_kube_network_policies_image'?: (string);
  'cni_name'?: (string);
}

export interface BootstrapManifestsConfigSpec__Output {
  'server': (string);
  'cluster_domain': (string);
  'pod_cid_rs': (string)[];
  'proxy_enabled': (boolean);
  'proxy_image': (string);
  'proxy_args': (string)[];
  'core_dns_enabled': (boolean);
  'core_dns_image': (string);
  'dns_service_ip': (string);
  'dns_service_i_pv6': (string);
  'flannel_enabled': (boolean);
  'flannel_image': (string);
  'pod_security_policy_enabled': (boolean);
  'talos_api_service_enabled': (boolean);
  'flannel_extra_args': (string)[];
  'flannel_kube_service_host': (string);
  'flannel_kube_service_port': (string);
  'flannel_kube_network_policies_enabled': (boolean);
  'flannel_kube_network_policies_image': (string);
  'cni_name': (string);
}
