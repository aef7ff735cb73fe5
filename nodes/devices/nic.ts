// An emulated network interface: name, MAC, speed, carrier, and the typed fault options that take
// the link down or make it flap. Leaves out: bonds, VLANs, offloads, driver quirks.
import type { NicProfile } from '../hardware/hardware-profile.ts';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';

/** The NIC's fault options. Setting one to a new value tells the node at once, the way the
 *  kernel's netlink link event reaches Talos's LinkStatusController (not at its next pass). */
export class NicFaults {
  #linkDown = false;

  constructor(private readonly changed: () => void) {}

  /** Carrier lost (cable pulled, switch port down). */
  get linkDown(): boolean {
    return this.#linkDown;
  }

  set linkDown(down: boolean) {
    if (down === this.#linkDown) return;
    this.#linkDown = down;
    this.changed();
  }
}

export class Nic {
  readonly faults: NicFaults;
  /** Bytes and packets counted by the network model (NetworkDeviceStats). */
  readonly counters = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 };
  index: number;

  constructor(
    readonly profile: NicProfile,
    index: number,
    random: RandomStream,
    carrierChanged: () => void = () => {},
  ) {
    this.faults = new NicFaults(carrierChanged);
    this.index = index;
    if (!profile.mac) {
      const bytes = random.hex(10).match(/../g)!;
      profile.mac = ['52', ...bytes].join(':');
    }
  }

  get name(): string {
    return this.profile.name;
  }

  get mac(): string {
    return this.profile.mac;
  }

  /** Carrier present: the cable is in and no fault holds the link down. */
  get carrier(): boolean {
    return this.profile.carrier && !this.faults.linkDown;
  }
}
