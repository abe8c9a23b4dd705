/**
 * Cloudflare runs the Worker's cron trigger every minute; `wrangler dev` does not. Locally the
 * server is started with `--test-scheduled` and this calls its /cdn-cgi/handler/scheduled endpoint
 * instead (/__scheduled would be answered by the single-page app's assets first), so a
 * laptop behaves as the deployment does: overdue attempts close, closed rounds' places are credited,
 * report snapshots of periods just over are taken (and, on the first run, the demo year's past ones).
 */
export async function triggerCron(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`, {
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Triggers the cron now and then every minute until the returned function is called. */
export function runCronEveryMinute(baseUrl: string): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    await triggerCron(baseUrl);
    if (!stopped) timer = setTimeout(tick, 60_000);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
