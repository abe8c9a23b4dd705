import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { Spinner } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import type { MemberPage } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import type { Correction } from "./correction";
import styles from "./style.module.css";

const PAGE = 20;
const TYPING_PAUSE_MS = 300;

/**
 * Finds someone to mark present who is not on the 报名未到 list (came without enrolling, or could
 * not check in): a search among the members of the session's org and the orgs below it — the
 * people an organizer of that org may correct. Choosing one goes on to the correction with its
 * reason, as for everyone else.
 */
export function PersonSearchDialog({
  open,
  orgId,
  orgName,
  present,
  onClose,
  onChoose,
}: {
  open: boolean;
  orgId: string;
  orgName: string;
  /** Who already counts as present (not offered again). */
  present: Set<string>;
  onClose: () => void;
  onChoose: (person: Correction) => void;
}) {
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    if (!open) {
      setText("");
      setQuery("");
    }
  }, [open]);
  const found = useResource<MemberPage>(
    open && query ? `/api/orgs/${encodeURIComponent(orgId)}/members?q=${encodeURIComponent(query)}&pageSize=${PAGE}` : null,
  );
  // One line per person (the list has one row per role they hold).
  const seen = new Set<string>();
  const people = (found.data?.items ?? []).filter((m) => !seen.has(m.userId) && seen.add(m.userId));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={tc("sessions.attendance.search.title")}
      description={tc("sessions.attendance.search.body", { org: orgName })}
    >
      <form onSubmit={(event) => event.preventDefault()}>
        <TextField
          label={tc("sessions.attendance.search.label")}
          type="search"
          value={text}
          onValue={setText}
          placeholder={tc("sessions.attendance.search.placeholder")}
          autoComplete="off"
          maxLength={64}
        />
      </form>
      <div class={styles.searchResults} aria-live="polite" aria-busy={found.loading ? "true" : undefined}>
        {found.error ? (
          <Notice tone="error" requestId={found.error.requestId}>
            {found.error.message}
          </Notice>
        ) : !query ? null : found.loading && !found.data ? (
          <p class={styles.searchNote}>
            <Spinner size={1} />
            {tc("sessions.attendance.search.searching")}
          </p>
        ) : people.length === 0 ? (
          <p class={styles.searchNote}>{tc("sessions.attendance.search.none")}</p>
        ) : (
          <>
            <h3 class="visually-hidden">{tc("sessions.attendance.search.results")}</h3>
            <ul class={styles.searchList}>
              {people.map((m) => (
                <li key={m.userId} class={styles.absentItem}>
                  <span class={styles.absentName}>{m.name}</span>
                  <span class={styles.absentOrg}>
                    {m.orgName}
                    {m.phone ? ` · ${tc("sessions.attendance.search.phoneTail", { d: m.phone.slice(-4) })}` : ""}
                  </span>
                  {present.has(m.userId) ? (
                    <span class={styles.searchNote}>{tc("sessions.attendance.search.already")}</span>
                  ) : (
                    <Button
                      size="sm"
                      icon="check"
                      onClick={() => onChoose({ userId: m.userId, name: m.name, present: true })}
                      aria-label={tc("sessions.attendance.search.chooseOf", { name: m.name })}
                    >
                      {tc("sessions.attendance.search.choose")}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {(found.data?.total ?? 0) > PAGE ? <p class={styles.searchNote}>{tc("sessions.attendance.search.more", { n: PAGE })}</p> : null}
          </>
        )}
      </div>
    </Dialog>
  );
}
