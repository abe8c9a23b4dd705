import { Button } from "../../components/Button";
import { FieldError } from "../../components/Field";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tc } from "../../i18n/courses.zh-CN";
import { orgKindLabel } from "../../lib/format";
import { buildTree, flatten } from "../../lib/org-tree";
import type { ModuleAudience, ModuleAudienceOptions } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

/** An audience entry as a key: "org:<id>", "alliance:<id>" or "all:*". */
export type AudienceKey = string;
export const ALL: AudienceKey = "all:*";

export function audienceKeys(audience: ModuleAudience[]): AudienceKey[] {
  return audience.map((a) => `${a.type}:${a.type === "all" ? "*" : a.id}`);
}

export function audienceBody(keys: AudienceKey[]) {
  return keys.map((key) => {
    const [type, id = ""] = key.split(":");
    return type === "all" ? { type: "all" as const } : { type: type as "org" | "alliance", id };
  });
}

type Props = {
  /** The org the module belongs to: what it may be for depends on it. */
  orgId: string;
  /** What the module is for now, with names (entries outside the options still show). */
  saved: ModuleAudience[];
  value: AudienceKey[];
  onValue: (keys: AudienceKey[]) => void;
  error?: string | undefined;
  disabled?: boolean;
};

/**
 * Who the module is for: everyone, orgs (each with its sub-orgs) or alliances — the choices the
 * server offers for the module's org (its subtree and the orgs above it, its alliances), whoever
 * the author is. A chosen org already covers the orgs under it, so those show as included rather
 * than as separate choices.
 */
export function AudiencePicker({ orgId, saved, value, onValue, error, disabled }: Props) {
  const options = useResource<ModuleAudienceOptions>(orgId ? `/api/modules/audience-options?orgId=${encodeURIComponent(orgId)}` : null);
  const orgs = options.data?.orgs ?? [];
  const alliances = options.data?.alliances ?? [];
  const everyone = options.data?.everyone ?? saved.some((a) => a.type === "all");
  const chosen = new Set(value);
  const all = chosen.has(ALL);
  const parentOf = new Map(orgs.map((org) => [org.id, org.parentId]));
  const coveredBy = (id: string) => {
    let parent = parentOf.get(id) ?? null;
    while (parent) {
      if (chosen.has(`org:${parent}`)) return parent;
      parent = parentOf.get(parent) ?? null;
    }
    return null;
  };
  const toggle = (key: AudienceKey, on: boolean) => {
    const next = value.filter((k) => k !== key);
    if (on) next.push(key);
    onValue(next);
  };
  const rows = flatten(buildTree(orgs));
  const names = new Map<string, string>([
    ...saved.map((a) => [`${a.type}:${a.type === "all" ? "*" : a.id}`, a.name] as const),
    ...orgs.map((o) => [`org:${o.id}`, o.name] as const),
    ...alliances.map((a) => [`alliance:${a.id}`, a.name] as const),
  ]);
  const extra = options.data
    ? saved.filter((a) => a.type !== "all" && !(a.type === "org" ? orgs.some((o) => o.id === a.id) : alliances.some((x) => x.id === a.id)))
    : [];
  const summary = value.map((key) => (key === ALL ? tc("courses.teach.audience.all") : (names.get(key) ?? key))).join("、");

  if (options.error)
    return (
      <Notice
        tone="error"
        requestId={options.error.requestId}
        action={
          <Button icon="refresh" onClick={options.reload}>
            {tc("common.retry")}
          </Button>
        }
      >
        {options.error.message}
      </Notice>
    );
  if (!options.data && orgId) return <Loading label={tc("app.loading")} minHeight={8} />;

  return (
    <div class={styles.audience}>
      {everyone ? (
        <label class={[styles.checkLine, styles.allLine].join(" ")}>
          <input type="checkbox" checked={all} disabled={disabled} onChange={(event) => toggle(ALL, event.currentTarget.checked)} />
          <span>
            <span class={styles.strong}>{tc("courses.teach.audience.all")}</span>
            <span class={styles.note}>{tc("courses.teach.audience.allHint")}</span>
          </span>
        </label>
      ) : null}
      <div class={styles.audienceGroups} aria-disabled={all ? "true" : undefined}>
        <fieldset class={styles.group} disabled={disabled || all}>
          <legend>{tc("courses.teach.audience.orgs")}</legend>
          {rows.length === 0 && extra.length === 0 ? (
            <p class={styles.note}>{tc("courses.teach.audience.noOrgs")}</p>
          ) : (
            <ul class={styles.scroller}>
              {rows.map(({ node, level }) => {
                const cover = coveredBy(node.id);
                return (
                  <li key={node.id} style={{ paddingLeft: `${level * 1.25}rem` }}>
                    <label class={[styles.checkLine, cover ? styles.covered : ""].join(" ")}>
                      <input
                        type="checkbox"
                        checked={chosen.has(`org:${node.id}`) || cover !== null}
                        disabled={cover !== null}
                        onChange={(event) => toggle(`org:${node.id}`, event.currentTarget.checked)}
                      />
                      <span>{node.name}</span>
                      <span class={styles.kind}>
                        {cover
                          ? tc("courses.teach.audience.included")
                          : node.above
                            ? tc("courses.teach.audience.aboveKind", { kind: orgKindLabel(node.kind) })
                            : orgKindLabel(node.kind)}
                      </span>
                    </label>
                  </li>
                );
              })}
              {extra
                .filter((a) => a.type === "org")
                .map((a) => (
                  <li key={a.id}>
                    <label class={styles.checkLine}>
                      <input
                        type="checkbox"
                        checked={chosen.has(`org:${a.id}`)}
                        onChange={(e) => toggle(`org:${a.id}`, e.currentTarget.checked)}
                      />
                      <span>{a.name}</span>
                    </label>
                  </li>
                ))}
            </ul>
          )}
          <p class={styles.note}>{tc("courses.teach.audience.orgsHint")}</p>
        </fieldset>
        <fieldset class={styles.group} disabled={disabled || all}>
          <legend>{tc("courses.teach.audience.alliances")}</legend>
          {alliances.length === 0 && !extra.some((a) => a.type === "alliance") ? (
            <p class={styles.note}>{tc("courses.teach.audience.noAlliances")}</p>
          ) : (
            <ul>
              {[
                ...alliances.map((a) => ({ id: a.id, name: a.name, note: a.orgs.map((o) => o.name).join("、") })),
                ...extra.filter((a) => a.type === "alliance").map((a) => ({ id: a.id, name: a.name, note: "" })),
              ].map((a) => (
                <li key={a.id}>
                  <label class={styles.checkLine}>
                    <input
                      type="checkbox"
                      checked={chosen.has(`alliance:${a.id}`)}
                      onChange={(event) => toggle(`alliance:${a.id}`, event.currentTarget.checked)}
                    />
                    <span>
                      <span>{a.name}</span>
                      {a.note ? <span class={styles.note}>{tc("courses.teach.audience.allianceOrgs", { orgs: a.note })}</span> : null}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      </div>
      <p class={styles.summary} aria-live="polite">
        {value.length === 0 ? tc("courses.teach.audience.none") : tc("courses.teach.audience.summary", { list: summary })}
      </p>
      {error ? <FieldError message={error} /> : null}
    </div>
  );
}
