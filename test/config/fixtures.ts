// Small, hand-written machine configs shaped like `talosctl gen config` output (v1.13), with
// placeholder certificates, for the config layer's tests.

export const FAKE_CERTIFICATE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBtalsim\n-----END CERTIFICATE-----\n').toString('base64');
export const FAKE_KEY = Buffer.from('-----BEGIN ED25519 PRIVATE KEY-----\nMC4talsim\n-----END ED25519 PRIVATE KEY-----\n').toString('base64');

/** A worker config: line 4 is `machine:`, line 5 `type: worker`. */
export const WORKER_YAML = `version: v1alpha1
debug: false
persist: true
machine:
    type: worker
    token: abcdef.0123456789abcdef
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ""
    certSANs: []
    kubelet:
        image: ghcr.io/siderolabs/kubelet:v1.33.0
        defaultRuntimeSeccompProfileEnabled: true
        disableManifestsDirectory: true
    network: {}
    install:
        disk: /dev/sda
        image: ghcr.io/siderolabs/installer:v1.13.0
        wipe: false
    features:
        rbac: true
        stableHostname: true
        apidCheckExtKeyUsage: true
        diskQuotaSupport: true
        kubePrism:
            enabled: true
            port: 7445
        hostDNS:
            enabled: true
            forwardKubeDNSToHost: true
cluster:
    id: c2ltdWxhdGVkLWNsdXN0ZXItaWQtMzItYnl0ZXMtbG9uZyE=
    secret: c2ltdWxhdGVkLWNsdXN0ZXItc2VjcmV0LTMyLWJ5dGVzIQ==
    controlPlane:
        endpoint: https://10.5.0.2:6443
    clusterName: talsim
    network:
        dnsDomain: cluster.local
        podSubnets:
            - 10.244.0.0/16
        serviceSubnets:
            - 10.96.0.0/12
    token: 012345.abcdefghijklmnop
    ca:
        crt: ${FAKE_CERTIFICATE}
        key: ""
    discovery:
        enabled: true
        registries:
            kubernetes:
                disabled: true
            service: {}
`;

/** The control plane counterpart: CA keys, etcd, control plane components. */
export const CONTROLPLANE_YAML = WORKER_YAML.replace('type: worker', 'type: controlplane')
  .replace(`        crt: ${FAKE_CERTIFICATE}\n        key: ""\n    certSANs`, `        crt: ${FAKE_CERTIFICATE}\n        key: ${FAKE_KEY}\n    certSANs`)
  .replace(`    ca:\n        crt: ${FAKE_CERTIFICATE}\n        key: ""\n    discovery`, `    ca:\n        crt: ${FAKE_CERTIFICATE}\n        key: ${FAKE_KEY}\n    discovery`)
  .concat(`    apiServer:
        image: registry.k8s.io/kube-apiserver:v1.33.0
        certSANs:
            - 10.5.0.2
    controllerManager:
        image: registry.k8s.io/kube-controller-manager:v1.33.0
    proxy:
        image: registry.k8s.io/kube-proxy:v1.33.0
    scheduler:
        image: registry.k8s.io/kube-scheduler:v1.33.0
    etcd:
        ca:
            crt: ${FAKE_CERTIFICATE}
            key: ${FAKE_KEY}
`);

/** Replaces the first occurrence of `find` in `text`, failing loudly when it is absent. */
export function edit(text: string, find: string, replacement: string): string {
  if (!text.includes(find)) throw new Error(`fixture edit: ${JSON.stringify(find)} not found`);
  return text.replace(find, replacement);
}
