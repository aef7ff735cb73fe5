// How `talsim up` maps virtual time onto the calendar.
//
// The rule: virtual time is the only truth. A node's idea of "now" is always derived at read time
// as `world.epochWallMs + kernel.now` (+ its clock-skew fault): logs, dmesg, events, services and
// resources store virtual milliseconds and are turned into dates only when an API reply or a
// printed line needs one. So one number, `epochWallMs`, places the whole run on the calendar.
//
// `talsim up` wants the warped boot to read as if it really took its modelled minutes, ending at
// the wall-clock moment the warp ended. How long the warp runs in virtual time is not known before
// it has run, so the epoch is set twice:
//   1. provisional: `calendar now - warp limit` (the most virtual time the warp may take), so that
//      anything stamped with a date during the warp is stamped at or before the real calendar time;
//   2. settled, once the warp ends: `calendar now - kernel.now`, so that virtual "now" reads as the
//      real now and every stored virtual time reads as a moment of a boot that just finished.
// After settling, the pacer keeps virtual time moving with the wall clock (times `--speed`).
//
// What the shift cannot move: values that copy a date at the moment they are made. Those made
// during the warp keep the provisional calendar, which is earlier than the settled one by
// (warp limit - warped virtual time + wall time of the warp): the cluster's CAs (minted before
// virtual zero, as `talosctl gen config` runs before any machine boots), client certificates made
// during the warp, machine-event ids (xids embed seconds) and JSON `ts` fields some logs embed.
// They are consistent among themselves and never in the future. Certificates the API edges serve
// or hand out (apid, GenerateClientConfiguration, kubeconfig, kube-apiserver) are not dated on
// this calendar at all but on the real wall clock (nodes/api/certificate-clock.ts).
import type { World } from '../cluster/world.ts';

/** The epoch to build the cluster with, before the warp: `warpLimitMs` before the calendar's now. */
export function provisionalEpochWallMs(calendarNowMs: number, warpLimitMs: number): number {
  return calendarNowMs - warpLimitMs;
}

/** Places the run so that virtual "now" is the calendar's now; returns how far the epoch moved (ms). */
export function settleEpoch(world: World, calendarNowMs: number): number {
  const settledEpochMs = calendarNowMs - world.kernel.now;
  const shiftMs = settledEpochMs - world.epochWallMs;
  world.epochWallMs = settledEpochMs;
  return shiftMs;
}
