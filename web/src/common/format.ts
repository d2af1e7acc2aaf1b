/** Formatting of durations and sizes for both pages. */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export const duration = {
  /** 75 → "1:15", 3725 → "1:02:05"; negative counts as 0. */
  clock(seconds: number): string {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  },
  /** 40 → "1 minute", 150 → "3 minutes", 7200 → "2 hours". */
  words(seconds: number): string {
    const minutes = Math.max(1, Math.round(seconds / 60));
    if (minutes < 90) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
    const hours = Math.round(minutes / 60);
    return `${hours} hours`;
  },
  /** Short form for tables: "45 s", "12 min", "3 h 05". */
  short(seconds: number): string {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))}`;
  },
};

/** 1536 → "1.5 KiB", 268435456 → "256 MiB". */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
