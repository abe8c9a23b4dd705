import { describe, expect, it } from "vitest";
import { scoreLive, standingsOf, withMovement } from "../../worker/features/live/live.rules";
import { LIVE_PROTOCOL_VERSION, MAX_CLIENT_FRAME_BYTES, parseClientFrame } from "../../worker/shared/live-protocol";

describe("parseClientFrame", () => {
  it("parses every kind of client frame", () => {
    const frames = [
      { type: "hello", v: LIVE_PROTOCOL_VERSION },
      { type: "answer", seq: 1, id: "x1", response: { type: "single", choice: 2 } },
      { type: "vote", seq: 1, response: { type: "judge", value: true } },
      { type: "vote", seq: 1, response: { type: "judge", value: true }, id: "v1" },
      { type: "host.start" },
      { type: "host.extend", seconds: 10 },
      { type: "host.captain", teamId: "t", userId: "u" },
    ];
    for (const frame of frames) expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, message: frame });
  });

  it("drops fields it does not know, so a client of the same version sending more still gets through", () => {
    // `hello.lastSeq` was in the first draft of version 1; the state answering every hello makes it needless.
    expect(parseClientFrame(JSON.stringify({ type: "hello", v: LIVE_PROTOCOL_VERSION, lastSeq: 2 }))).toEqual({
      ok: true,
      message: { type: "hello", v: LIVE_PROTOCOL_VERSION },
    });
  });

  it("refuses oversized, binary, malformed and unknown frames", () => {
    expect(parseClientFrame("x".repeat(MAX_CLIENT_FRAME_BYTES + 1))).toEqual({ ok: false, code: "tooLarge" });
    // Size is counted in bytes: 1,366 Chinese characters are 4,098 bytes.
    expect(parseClientFrame(`"${"题".repeat(1366)}"`)).toEqual({ ok: false, code: "tooLarge" });
    expect(parseClientFrame(new ArrayBuffer(8))).toEqual({ ok: false, code: "badFrame" });
    expect(parseClientFrame("{not json")).toEqual({ ok: false, code: "badFrame" });
    expect(parseClientFrame(JSON.stringify({ type: "host.reboot" }))).toEqual({ ok: false, code: "badFrame" });
    expect(parseClientFrame(JSON.stringify({ type: "answer", seq: 0, id: "x", response: { type: "single", choice: 1 } }))).toEqual({
      ok: false,
      code: "badFrame",
    });
    expect(parseClientFrame(JSON.stringify({ type: "host.extend", seconds: 3600 }))).toEqual({ ok: false, code: "badFrame" });
  });
});

describe("live scoring and standings", () => {
  const single = {
    type: "single" as const,
    stem: "遵义会议于哪一年召开？",
    options: ["1934年", "1935年", "1936年", "1937年"],
    answer: 1,
    explanation: "",
    source: "",
    tags: [],
    difficulty: 2,
  };

  it("scores by the contest rules: accuracy whole points, speed by the room's receive time", () => {
    expect(scoreLive(single, { type: "single", choice: 1 }, 10, "accuracy", 19_000, 20_000)).toEqual({ credit: 1, points: 10 });
    expect(scoreLive(single, { type: "single", choice: 1 }, 10, "speed", 10_000, 20_000)).toEqual({ credit: 1, points: 8 });
    expect(scoreLive(single, { type: "single", choice: 1 }, 10, "speed", 25_000, 20_000)).toEqual({ credit: 1, points: 5 });
    expect(scoreLive(single, { type: "single", choice: 0 }, 10, "speed", 0, 20_000)).toEqual({ credit: 0, points: 0 });
  });

  it("ranks people, teams by their own answers, or teams by the mean; with movement", () => {
    const players = [
      { userId: "a", name: "Amy", teamId: "t1", teamName: "一支部" },
      { userId: "b", name: "Bob", teamId: "t1", teamName: "一支部" },
      { userId: "c", name: "Cat", teamId: "t2", teamName: "二支部" },
    ];
    const before = standingsOf("individual", players, [{ subject: "user:c", points: 10, elapsedMs: 5000 }]);
    const now = standingsOf("individual", players, [
      { subject: "user:c", points: 10, elapsedMs: 5000 },
      { subject: "user:a", points: 10, elapsedMs: 1000 },
      { subject: "user:a", points: 10, elapsedMs: 1000 },
    ]);
    expect(withMovement(now, before)).toEqual([
      { id: "a", name: "Amy", score: 20, rank: 1, movement: 1 },
      { id: "c", name: "Cat", score: 10, rank: 2, movement: -1 },
      { id: "b", name: "Bob", score: 0, rank: 3, movement: 0 },
    ]);
    expect(standingsOf("team_captain", players, [{ subject: "team:t2", points: 10, elapsedMs: 1 }]).map((e) => [e.id, e.score])).toEqual([
      ["t2", 10],
      ["t1", 0],
    ]);
    expect(
      standingsOf("team_mean", players, [
        { subject: "user:a", points: 10, elapsedMs: 1 },
        { subject: "user:c", points: 6, elapsedMs: 1 },
      ]).map((e) => [e.id, e.score]),
    ).toEqual([
      ["t2", 6],
      ["t1", 5],
    ]);
  });
});
