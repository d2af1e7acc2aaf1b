/** Polls `url` (with `headers`) every 10 ms until it answers 200. */
export async function pollUntilOk(url: string, headers: Record<string, string>): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(url, { headers });
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((res) => setTimeout(res, 10));
  }
}
