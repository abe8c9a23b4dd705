/** Debian's Chromium (apt-get install chromium) for browser tests and benchmarks; CHROMIUM_PATH or CHROME_PATH overrides. */
export const chromePath = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? "/usr/bin/chromium";

/** Quiet flags: no GPU in a container, and no background traffic that would show up in a measurement. */
export const chromeFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
