/** Polls `url` (with `headers`) every 10 ms until it answers 200; throws after `timeoutMs`. */
export async function pollUntilOk(
  url: string,
  headers: Record<string, string>,
  timeoutMs = Infinity,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { headers });
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 10));
  }
}
