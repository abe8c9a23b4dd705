import { useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { tl } from "../../i18n/live.zh-CN";
import type { LiveLobby } from "../../lib/live-room";
import styles from "./style.module.css";

type Player = NonNullable<LiveLobby["roster"]>[number];

/**
 * Picks a team's captain among the team's players who have joined the room: the room sends the host
 * its roster (accounts and teams). The room checks the choice is a player of that team; a refusal
 * comes back as an error frame.
 */
export function CaptainDialog({
  team,
  roster,
  onClose,
  onPick,
}: {
  team: { teamId: string; teamName: string; userId: string };
  roster: Player[];
  onClose: () => void;
  onPick: (userId: string, name: string) => void;
}) {
  const candidates = roster.filter((p) => p.teamId === team.teamId);
  const [choice, setChoice] = useState(team.userId);
  const picked = candidates.find((p) => p.userId === choice);
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={tl("live.host.captain.pick", { team: team.teamName })}
      footer={
        <>
          <Button onClick={onClose}>{tl("common.cancel")}</Button>
          <Button
            variant="primary"
            disabled={!picked || choice === team.userId}
            onClick={() => {
              if (picked) onPick(picked.userId, picked.name);
            }}
          >
            {tl("common.confirm")}
          </Button>
        </>
      }
    >
      {candidates.length === 0 ? (
        <p>{tl("live.host.captain.noRoster")}</p>
      ) : (
        <fieldset class={styles.captainList}>
          <legend class="visually-hidden">{tl("live.host.captain.pick", { team: team.teamName })}</legend>
          {candidates.map((p) => (
            <label key={p.userId} class={styles.captainOption}>
              <input type="radio" name="captain" checked={choice === p.userId} onChange={() => setChoice(p.userId)} />
              <span>{p.name}</span>
            </label>
          ))}
        </fieldset>
      )}
    </Dialog>
  );
}
