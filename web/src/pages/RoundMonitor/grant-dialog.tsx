import { useEffect, useState } from "preact/hooks";
import { Button } from "../../components/Button";
import { Choices } from "../../components/Choices";
import { Dialog } from "../../components/Dialog";
import { FieldError, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Spinner } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { api, query } from "../../lib/api";
import type { Contest, GrantBody, MemberPage, Round, RoundGrant } from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

type Person = { userId: string; name: string; phone: string; orgName: string };
type Kind = GrantBody["kind"];

/**
 * Searches the members of the contest's scope orgs the organizer manages (the members API answers
 * only for those); a scope org hosted by a co-host is searched by its own organizers.
 */
function useMemberSearch(scope: Contest["scope"], text: string) {
  const [people, setPeople] = useState<Person[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const q = text.trim();
    if (q.length === 0) {
      setPeople(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setBusy(true);
      const answers = await Promise.allSettled(
        scope.map((org) =>
          api.get<MemberPage>(`/api/orgs/${encodeURIComponent(org.id)}/members${query({ q, pageSize: 10 })}`, {
            signal: controller.signal,
          }),
        ),
      );
      if (controller.signal.aborted) return;
      const seen = new Map<string, Person>();
      for (const answer of answers) {
        if (answer.status !== "fulfilled") continue;
        for (const m of answer.value.items) {
          if (!seen.has(m.userId)) seen.set(m.userId, { userId: m.userId, name: m.name, phone: m.phone, orgName: m.orgName });
        }
      }
      setPeople([...seen.values()]);
      setBusy(false);
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
      setBusy(false);
    };
  }, [text, scope]);
  return { people, busy };
}

type Props = {
  open: boolean;
  round: Round;
  scope: Contest["scope"];
  onClose: () => void;
  onDone: (message: string) => void;
};

export function GrantDialog({ open, round, scope, onClose, onDone }: Props) {
  const [search, setSearch] = useState("");
  const [person, setPerson] = useState<Person | null>(null);
  const [kind, setKind] = useState<Kind>("extra_time");
  const [minutes, setMinutes] = useState("10");
  const [reason, setReason] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const { people, busy } = useMemberSearch(scope, open ? search : "");
  const action = useAction((body: GrantBody) =>
    api.post<{ grant: RoundGrant }>(`/api/rounds/${encodeURIComponent(round.id)}/grants`, body),
  );

  useEffect(() => {
    if (!open) return;
    setSearch("");
    setPerson(null);
    setKind("extra_time");
    setMinutes("10");
    setReason("");
    setLocal({});
    action.reset();
  }, [open]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const n = Number(minutes.normalize("NFKC").trim());
    if (!person) found.userId = tk("contestAdmin.grant.error.person");
    if (kind !== "extra_attempt" && !(Number.isInteger(n) && n >= 1 && n <= 600)) found.minutes = tk("contestAdmin.grant.error.minutes");
    if (reason.trim().length < 2) found.reason = tk("contestAdmin.grant.error.reason");
    setLocal(found);
    action.reset();
    if (!person || Object.keys(found).length > 0) return;
    const body: GrantBody = { userId: person.userId, kind, reason: reason.trim() };
    if (kind !== "extra_attempt") body.minutes = n;
    const result = await action.run(body);
    if (result) {
      onDone(
        tk(`contestAdmin.grant.done.${kind}`, {
          name: person.name,
          minutes: result.grant.minutes,
        }),
      );
    }
  };

  const fields = action.error?.fieldErrors ?? {};
  const error = (path: string) => local[path] ?? fields[path];

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={tk("contestAdmin.grant.title", { name: round.name })}
      description={tk("contestAdmin.grant.description")}
      footer={
        <>
          <Button onClick={onClose}>{tk("common.cancel")}</Button>
          <Button type="submit" form="grant-form" variant="primary" pending={action.pending} pendingLabel={tk("common.saving")}>
            {tk("contestAdmin.grant.submit")}
          </Button>
        </>
      }
    >
      <form id="grant-form" class={styles.grantForm} onSubmit={submit} noValidate>
        {action.error && Object.keys(fields).length === 0 ? (
          <Notice tone="error" requestId={action.error.requestId}>
            {action.error.message}
          </Notice>
        ) : null}

        <div class={styles.personField}>
          {person ? (
            <div class={styles.chosen}>
              <span class={styles.chosenLabel}>{tk("contestAdmin.grant.person")}</span>
              <span class={styles.chosenName}>
                <Icon name="user" size={1} />
                {person.name}
                <span class={styles.sub}>
                  {person.orgName} · {person.phone}
                </span>
              </span>
              <Button size="sm" variant="quiet" onClick={() => setPerson(null)}>
                {tk("contestAdmin.grant.change")}
              </Button>
            </div>
          ) : (
            <>
              <TextField
                label={tk("contestAdmin.grant.person")}
                type="search"
                placeholder={tk("contestAdmin.grant.searchPlaceholder")}
                value={search}
                onValue={setSearch}
                error={error("userId")}
                autoComplete="off"
              />
              {busy ? (
                <p class={styles.searching}>
                  <Spinner size={0.875} />
                  {tk("contestAdmin.grant.searching")}
                </p>
              ) : people === null ? (
                <p class={styles.searchHint}>{tk("contestAdmin.grant.searchHint")}</p>
              ) : people.length === 0 ? (
                <p class={styles.searchHint}>{tk("contestAdmin.grant.noPeople")}</p>
              ) : (
                <ul class={styles.people} aria-label={tk("contestAdmin.grant.results")}>
                  {people.map((p) => (
                    <li key={p.userId}>
                      <button type="button" class={styles.personButton} onClick={() => setPerson(p)}>
                        <span class={styles.personName}>{p.name}</span>
                        <span class={styles.sub}>
                          {p.orgName} · {p.phone}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>

        <div>
          <Choices
            name="grant-kind"
            columns={1}
            label={tk("contestAdmin.grant.kind")}
            value={kind}
            onValue={(v) => setKind(v as Kind)}
            options={[
              { value: "extra_time", title: tk("contestAdmin.grant.kind.extra_time"), body: tk("contestAdmin.grant.kindBody.extra_time") },
              {
                value: "extra_attempt",
                title: tk("contestAdmin.grant.kind.extra_attempt"),
                body: tk("contestAdmin.grant.kindBody.extra_attempt"),
              },
              { value: "reopen", title: tk("contestAdmin.grant.kind.reopen"), body: tk("contestAdmin.grant.kindBody.reopen") },
            ]}
          />
          {error("kind") ? <FieldError message={error("kind") as string} /> : null}
        </div>

        {kind !== "extra_attempt" ? (
          <div class={styles.minutes}>
            <TextField
              label={tk(kind === "reopen" ? "contestAdmin.grant.minutesReopen" : "contestAdmin.grant.minutes")}
              inputMode="numeric"
              value={minutes}
              onValue={setMinutes}
              error={error("minutes")}
              maxLength={3}
            />
          </div>
        ) : null}

        <TextAreaField
          label={tk("contestAdmin.grant.reason")}
          value={reason}
          onValue={setReason}
          error={error("reason")}
          hint={tk("contestAdmin.grant.reasonHint")}
          placeholder={tk("contestAdmin.grant.reasonPlaceholder")}
          rows={3}
          maxLength={500}
        />
      </form>
    </Dialog>
  );
}
