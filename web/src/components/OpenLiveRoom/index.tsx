import { useLocation } from "preact-iso";
import { tl } from "../../i18n/live.zh-CN";
import { api } from "../../lib/api";
import type { LiveRoom } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { Button, type ButtonSize, type ButtonVariant } from "../Button";
import { Notice } from "../Notice";

/** Where a live round's host console is (kept here, not in lib/live-room, so the contest pages do not pull in the protocol). */
export const liveHostPath = (roundId: string, contestId?: string) =>
  `/live/${encodeURIComponent(roundId)}/host${contestId ? `?contest=${encodeURIComponent(contestId)}` : ""}`;

/**
 * 开启现场赛: opens the round's room (a 6-digit PIN; opening again returns the same room) and goes
 * to the host console. A refusal (not published, the room already ended) is said beside the button.
 */
export function OpenLiveRoomButton({
  roundId,
  roundName,
  contestId,
  variant = "primary",
  size = "sm",
}: {
  roundId: string;
  roundName: string;
  /** For the console's way back to the contest. */
  contestId?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
}) {
  const { route } = useLocation();
  const open = useAction(() => api.post<LiveRoom>(`/api/rounds/${encodeURIComponent(roundId)}/room`, {}));
  return (
    <>
      <Button
        variant={variant}
        size={size}
        icon="monitor"
        pending={open.pending}
        pendingLabel={tl("live.open.pending")}
        aria-label={tl("live.open.label", { name: roundName })}
        onClick={async () => {
          if (await open.run()) route(liveHostPath(roundId, contestId));
        }}
      >
        {tl("live.open")}
      </Button>
      {open.error ? (
        <Notice tone="error" requestId={open.error.requestId}>
          {open.error.message}
        </Notice>
      ) : null}
    </>
  );
}
