/** A peer's launch and teardown times (ms), measured in the same run as the hub's. */
export interface Baseline {
  name: string;
  launch: number[];
  teardown: number[];
  extra?: string;
}
