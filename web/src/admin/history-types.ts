/** The JSON of `GET api/admin/history` (see src/http/admin/history-buckets.ts). */

export interface LatencySummary {
  count: number;
  mean_seconds: number | null;
  max_seconds: number | null;
}

export interface History {
  hours: number;
  bucket_seconds: number;
  from: string;
  to: string;
  reasons: string[];
  buckets: Array<{
    start: string;
    launches: number;
    ends: Record<string, number>;
    launch_latency: LatencySummary;
  }>;
  totals: { launches: number; ends: Record<string, number>; launch_latency: LatencySummary };
}
