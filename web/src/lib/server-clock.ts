/**
 * The server's time as this phone can know it. The server owns the deadline (DESIGN: rule 1); a
 * phone's clock may be minutes off, or changed by hand. Every response that carries `serverNow`
 * is a sample: the offset is serverNow minus the middle of the request's round trip on the phone's
 * clock (the server read its clock somewhere in that span). A sample from a short round trip is
 * the more exact one, so a slow answer on a bad network does not replace a good estimate unless
 * that estimate has grown old (the phone's clock drifts, or was changed).
 */
export class ServerClock {
  private offset = 0;
  private best: { rtt: number; at: number } | null = null;

  /** `sentAt` and `receivedAt` are the phone's Date.now() around the request. */
  sample(serverNow: number, sentAt: number, receivedAt: number): void {
    const rtt = Math.max(0, receivedAt - sentAt);
    const stale = this.best === null || receivedAt - this.best.at > 60_000 || receivedAt < this.best.at;
    if (stale || rtt <= (this.best?.rtt ?? 0) + 250) {
      this.offset = serverNow - (sentAt + receivedAt) / 2;
      this.best = { rtt, at: receivedAt };
    }
  }

  /** The server's time now, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }
}
