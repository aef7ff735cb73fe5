// Fault `image-pull-failure`: images whose reference contains this text cannot be pulled on each
// target node (a typo'd tag, a registry outage, a missing mirror): kubelet's or etcd's pre state
// fails with `failed to pull image "..."`, static pods stay pending, installs and upgrades fail.
// Services already running keep running.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';

export const imagePullFailure = defineFaultKind({
  kind: 'image-pull-failure',
  description: 'Images whose reference contains `image` cannot be pulled on the target nodes.',
  targets: 'nodes',
  options: z.strictObject({
    image: z.string().min(1).default('ghcr.io/siderolabs/kubelet').meta({
      description: 'Text the image reference contains: kubelet, etcd, a static pod (`kube-apiserver`) or the installer. Default `ghcr.io/siderolabs/kubelet`.',
    }),
  }),
  inject(_cluster, targets, options) {
    const added = targets.nodes.filter((node) => !node.faults.unpullableImages.has(options.image));
    for (const node of added) node.faults.unpullableImages.add(options.image);
    return { added, image: options.image };
  },
  heal(_cluster, _targets, handle) {
    for (const node of handle.added) node.faults.unpullableImages.delete(handle.image);
  },
});
