import { useMemo, useState } from "preact/hooks";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Choices } from "../../components/Choices";
import { FieldError, SelectField, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { tk } from "../../i18n/contests.zh-CN";
import { api } from "../../lib/api";
import { orgKindLabel } from "../../lib/format";
import { buildTree, flatten } from "../../lib/org-tree";
import {
  type Alliance,
  type Contest,
  type ContestResponse,
  type CreateContestBody,
  type Org,
  type OrgKind,
  orgKinds,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import styles from "./style.module.css";

type HostType = "org" | "alliance";
type HostOption = { key: string; type: HostType; id: string; name: string; note?: string };
const hostKey = (type: HostType, id: string) => `${type}:${id}`;

/**
 * Who may host, as the server allows it: orgs the person manages (their outermost ones), orgs that
 * share an alliance with one of those (or with an alliance they organize) as co-hosts, and the
 * alliances they organize. Hosts already on the contest are always offered, so an edit keeps them.
 */
function hostOptions(orgs: Org[], alliances: Alliance[], current: Contest["hosts"]) {
  const managed = new Set(orgs.filter((org) => org.canManage).map((org) => org.id));
  const mine: HostOption[] = orgs
    .filter((org) => org.canManage && !(org.parentId && managed.has(org.parentId)))
    .map((org) => ({ key: hostKey("org", org.id), type: "org", id: org.id, name: org.name }));
  const coHosts: HostOption[] = [];
  const seen = new Set(mine.map((h) => h.key));
  for (const alliance of alliances) {
    if (!alliance.canManage && !alliance.orgs.some((org) => managed.has(org.id))) continue;
    for (const org of alliance.orgs) {
      const key = hostKey("org", org.id);
      if (managed.has(org.id) || seen.has(key)) continue;
      seen.add(key);
      coHosts.push({
        key,
        type: "org",
        id: org.id,
        name: org.name,
        note: tk("contestAdmin.hosts.sharesAlliance", { alliance: alliance.name }),
      });
    }
  }
  const allianceHosts: HostOption[] = alliances
    .filter((alliance) => alliance.canManage)
    .map((alliance) => ({
      key: hostKey("alliance", alliance.id),
      type: "alliance",
      id: alliance.id,
      name: alliance.name,
      note: tk("contestAdmin.hosts.allianceMembers", { orgs: alliance.orgs.map((org) => org.name).join("、") }),
    }));
  for (const host of current) {
    const key = hostKey(host.type, host.id);
    if (seen.has(key) || allianceHosts.some((h) => h.key === key)) continue;
    seen.add(key);
    (host.type === "org" ? coHosts : allianceHosts).push({ key, type: host.type, id: host.id, name: host.name });
  }
  return { mine, coHosts, allianceHosts };
}

type ScopeRow = { id: string; name: string; kind: OrgKind | null; level: number; memberCount: number | null };

/**
 * The orgs whose members may take part, given the hosts: each org host's subtree, and the member
 * orgs of an alliance host with theirs. Only the parts of those subtrees this person can see are
 * listed; a co-host's org stands for its whole subtree.
 */
function scopeRows(orgs: Org[], alliances: Alliance[], hosts: Set<string>, extra: Contest["scope"]): ScopeRow[] {
  const roots = new Map<string, string>();
  for (const key of hosts) {
    const [type, id = ""] = key.split(":");
    if (type === "org") roots.set(id, orgs.find((o) => o.id === id)?.name ?? "");
    else for (const org of alliances.find((a) => a.id === id)?.orgs ?? []) roots.set(org.id, org.name);
  }
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const levelUnder = (org: Org): number | null => {
    let level = 0;
    let current: Org | undefined = org;
    while (current) {
      if (roots.has(current.id)) return level;
      current = current.parentId ? byId.get(current.parentId) : undefined;
      level++;
    }
    return null;
  };
  const rows: ScopeRow[] = [];
  const listed = new Set<string>();
  for (const { node } of flatten(buildTree(orgs))) {
    const level = levelUnder(node);
    if (level === null) continue;
    rows.push({ id: node.id, name: node.name, kind: node.kind, level, memberCount: node.memberCount });
    listed.add(node.id);
  }
  for (const [id, name] of roots) {
    if (!listed.has(id)) {
      rows.push({ id, name: name || extra.find((s) => s.id === id)?.name || id, kind: null, level: 0, memberCount: null });
      listed.add(id);
    }
  }
  for (const scope of extra)
    if (!listed.has(scope.id)) rows.push({ id: scope.id, name: scope.name, kind: null, level: 0, memberCount: null });
  return rows;
}

/** Ids of the orgs a host brings into reach (the host org, or an alliance's member orgs). */
function reachOf(key: string, alliances: Alliance[]): string[] {
  const [type, id = ""] = key.split(":");
  return type === "org" ? [id] : (alliances.find((a) => a.id === id)?.orgs.map((o) => o.id) ?? []);
}

type Props = {
  contest: Contest | null;
  orgs: Org[];
  alliances: Alliance[];
  onSaved: (contest: Contest) => void;
};

export function ContestForm({ contest, orgs, alliances, onSaved }: Props) {
  const options = useMemo(() => hostOptions(orgs, alliances, contest?.hosts ?? []), [orgs, alliances, contest]);
  const [title, setTitle] = useState(contest?.title ?? "");
  const [description, setDescription] = useState(contest?.description ?? "");
  const [hosts, setHosts] = useState<Set<string>>(() => {
    if (contest) return new Set(contest.hosts.map((h) => hostKey(h.type, h.id)));
    // A new contest starts hosted by the person's own org when there is exactly one.
    return new Set(options.mine.length === 1 && options.mine[0] ? [options.mine[0].key] : []);
  });
  const [scope, setScope] = useState<string[]>(
    () => contest?.scope.map((s) => s.id) ?? [...hosts].flatMap((key) => reachOf(key, alliances)),
  );
  const [teamOn, setTeamOn] = useState(contest?.team !== null && contest?.team !== undefined);
  const [teamKind, setTeamKind] = useState<OrgKind>(contest?.team?.kind ?? "branch");
  const [teamMethod, setTeamMethod] = useState<"mean" | "top_k">(contest?.team?.method ?? "mean");
  const [topK, setTopK] = useState(contest?.team?.topK ? String(contest.team.topK) : "5");
  const [local, setLocal] = useState<Record<string, string>>({});

  const rows = useMemo(() => scopeRows(orgs, alliances, hosts, contest?.scope ?? []), [orgs, alliances, hosts, contest]);
  const action = useAction((body: CreateContestBody) =>
    contest
      ? api.patch<ContestResponse>(`/api/contests/${encodeURIComponent(contest.id)}`, body)
      : api.post<ContestResponse>("/api/contests", body),
  );

  const toggleHost = (key: string, on: boolean) => {
    const next = new Set(hosts);
    if (on) next.add(key);
    else next.delete(key);
    setHosts(next);
    // Adding a host brings its members into scope; removing one takes out what only it reached.
    const reach = new Set([...next].flatMap((k) => reachOf(k, alliances)));
    const inReach = (id: string) => {
      let current: Org | undefined = orgs.find((o) => o.id === id);
      if (reach.has(id)) return true;
      while (current?.parentId) {
        if (reach.has(current.parentId)) return true;
        current = orgs.find((o) => o.id === current?.parentId);
      }
      return false;
    };
    setScope((previous) => {
      const kept = previous.filter(inReach);
      if (!on) return kept;
      const added = reachOf(key, alliances).filter((id) => !kept.includes(id));
      return [...kept, ...added];
    });
  };

  const selectedScope = new Set(scope);
  const parentOf = new Map(orgs.map((org) => [org.id, org.parentId]));
  const coveredBy = (id: string): string | null => {
    let parent = parentOf.get(id) ?? null;
    while (parent) {
      if (selectedScope.has(parent)) return parent;
      parent = parentOf.get(parent) ?? null;
    }
    return null;
  };
  const toggleScope = (id: string, on: boolean) =>
    setScope((previous) => {
      if (!on) return previous.filter((s) => s !== id);
      // A chosen org already includes its sub-orgs: drop them from the list rather than keep both.
      const under = (other: string) => {
        let parent = parentOf.get(other) ?? null;
        while (parent) {
          if (parent === id) return true;
          parent = parentOf.get(parent) ?? null;
        }
        return false;
      };
      return [...previous.filter((s) => !under(s)), id];
    });

  const teamCount = useMemo(() => {
    if (!teamOn) return 0;
    const inScope = (org: Org) => {
      let current: Org | undefined = org;
      while (current) {
        if (selectedScope.has(current.id)) return true;
        current = current.parentId ? orgs.find((o) => o.id === current?.parentId) : undefined;
      }
      return false;
    };
    return orgs.filter((org) => org.kind === teamKind && inScope(org)).length;
  }, [teamOn, teamKind, scope, orgs]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = tk("contestAdmin.form.error.title");
    if (hosts.size === 0) found.hosts = tk("contestAdmin.form.error.hosts");
    if (scope.length === 0) found.scopeOrgIds = tk("contestAdmin.form.error.scope");
    const k = Number(topK.normalize("NFKC").trim());
    if (teamOn && teamMethod === "top_k" && !(Number.isInteger(k) && k >= 1 && k <= 1000))
      found["team.topK"] = tk("contestAdmin.form.error.topK");
    setLocal(found);
    action.reset();
    if (Object.keys(found).length > 0) return;
    const body: CreateContestBody = {
      title: title.trim(),
      description: description.trim(),
      hosts: [...hosts].map((key) => {
        const [type, id = ""] = key.split(":");
        return { type: type as HostType, id };
      }),
      scopeOrgIds: scope,
      team: teamOn ? { kind: teamKind, method: teamMethod, topK: teamMethod === "top_k" ? k : null } : null,
    };
    const result = await action.run(body);
    if (result) onSaved(result.contest);
  };

  const fields = action.error?.fieldErrors ?? {};
  const error = (path: string) => local[path] ?? fields[path];
  const hasFieldErrors = Object.keys(local).length > 0 || Object.keys(fields).length > 0;
  const joint = hosts.size > 1;

  const hostCheckbox = (option: HostOption) => (
    <li key={option.key}>
      <label class={styles.hostItem}>
        <input type="checkbox" checked={hosts.has(option.key)} onChange={(event) => toggleHost(option.key, event.currentTarget.checked)} />
        <span class={styles.hostText}>
          <span class={styles.hostName}>{option.name}</span>
          {option.note ? <span class={styles.hostNote}>{option.note}</span> : null}
        </span>
      </label>
    </li>
  );

  return (
    <form class={styles.form} onSubmit={submit} noValidate aria-labelledby="contest-form-title">
      <h2 id="contest-form-title" class="visually-hidden">
        {tk("contestAdmin.form.heading")}
      </h2>
      {action.error ? (
        <Notice tone="error" requestId={action.error.requestId}>
          {Object.keys(fields).length > 0 ? tk("error.fixFields") : action.error.message}
        </Notice>
      ) : hasFieldErrors ? (
        <Notice tone="error">{tk("error.fixFields")}</Notice>
      ) : null}

      <section class={styles.step} aria-labelledby="step-basics">
        <h3 id="step-basics" class={styles.stepTitle}>
          <span class={styles.stepNo}>1</span>
          {tk("contestAdmin.form.basics")}
        </h3>
        <TextField
          label={tk("contestAdmin.form.title")}
          value={title}
          onValue={setTitle}
          error={error("title")}
          placeholder={tk("contestAdmin.form.titlePlaceholder")}
          maxLength={100}
          autoComplete="off"
        />
        <TextAreaField
          label={tk("contestAdmin.form.description")}
          tag={tk("common.optional")}
          value={description}
          onValue={setDescription}
          error={error("description")}
          hint={tk("contestAdmin.form.descriptionHint")}
          placeholder={tk("contestAdmin.form.descriptionPlaceholder")}
          rows={4}
          maxLength={2000}
        />
      </section>

      <section class={styles.step} aria-labelledby="step-hosts">
        <h3 id="step-hosts" class={styles.stepTitle}>
          <span class={styles.stepNo}>2</span>
          {tk("contestAdmin.form.hosts")}
          {joint ? <Badge tone="red">{tk("contestAdmin.joint")}</Badge> : null}
        </h3>
        <div class={styles.explain}>
          <Icon name="info" size={1.125} />
          <p>{tk("contestAdmin.hosts.jointExplain")}</p>
        </div>
        <div class={styles.hostGroups}>
          <fieldset class={styles.hostGroup}>
            <legend>{tk("contestAdmin.hosts.mine")}</legend>
            {options.mine.length === 0 ? (
              <p class={styles.note}>{tk("contestAdmin.hosts.mineEmpty")}</p>
            ) : (
              <ul>{options.mine.map(hostCheckbox)}</ul>
            )}
          </fieldset>
          <fieldset class={styles.hostGroup}>
            <legend>{tk("contestAdmin.hosts.coHosts")}</legend>
            {options.coHosts.length === 0 ? (
              <p class={styles.note}>{tk("contestAdmin.hosts.coHostsEmpty")}</p>
            ) : (
              <ul>{options.coHosts.map(hostCheckbox)}</ul>
            )}
          </fieldset>
          {options.allianceHosts.length > 0 ? (
            <fieldset class={styles.hostGroup}>
              <legend>{tk("contestAdmin.hosts.alliances")}</legend>
              <ul>{options.allianceHosts.map(hostCheckbox)}</ul>
            </fieldset>
          ) : null}
        </div>
        {error("hosts") ? <FieldError message={error("hosts") as string} /> : null}
      </section>

      <section class={styles.step} aria-labelledby="step-scope">
        <h3 id="step-scope" class={styles.stepTitle}>
          <span class={styles.stepNo}>3</span>
          {tk("contestAdmin.form.scope")}
        </h3>
        <p class={styles.note}>{tk("contestAdmin.scope.hint")}</p>
        {rows.length === 0 ? (
          <p class={styles.emptyBox}>{tk("contestAdmin.scope.pickHostFirst")}</p>
        ) : (
          <ul class={styles.scopeList} aria-label={tk("contestAdmin.form.scope")}>
            {rows.map((row) => {
              const cover = coveredBy(row.id);
              return (
                <li key={row.id} style={{ paddingLeft: `${row.level * 1.25}rem` }}>
                  <label class={[styles.scopeItem, cover ? styles.covered : ""].join(" ")}>
                    <input
                      type="checkbox"
                      checked={selectedScope.has(row.id) || cover !== null}
                      disabled={cover !== null}
                      onChange={(event) => toggleScope(row.id, event.currentTarget.checked)}
                    />
                    <span class={styles.scopeName}>{row.name}</span>
                    {row.kind ? <span class={styles.scopeKind}>{orgKindLabel(row.kind)}</span> : null}
                    {cover ? <span class={styles.scopeKind}>{tk("contestAdmin.scope.included")}</span> : null}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {scope.length > 0 ? (
          <p class={styles.scopeSummary}>
            {tk("contestAdmin.scope.summary", {
              orgs: rows
                .filter((r) => selectedScope.has(r.id))
                .map((r) => r.name)
                .join("、"),
            })}
          </p>
        ) : null}
        {error("scopeOrgIds") ? <FieldError message={error("scopeOrgIds") as string} /> : null}
      </section>

      <section class={styles.step} aria-labelledby="step-team">
        <h3 id="step-team" class={styles.stepTitle}>
          <span class={styles.stepNo}>4</span>
          {tk("contestAdmin.form.team")}
          <span class={styles.stepTag}>{tk("common.optional")}</span>
        </h3>
        <label class={styles.checkLine}>
          <input type="checkbox" checked={teamOn} onChange={(event) => setTeamOn(event.currentTarget.checked)} />
          <span>{tk("contestAdmin.team.on")}</span>
        </label>
        {teamOn ? (
          <div class={styles.teamBox}>
            <div class={styles.teamKind}>
              <SelectField
                label={tk("contestAdmin.team.kind")}
                value={teamKind}
                onValue={(v) => setTeamKind(v as OrgKind)}
                options={orgKinds.map((kind) => ({ value: kind, label: orgKindLabel(kind) }))}
                hint={tk("contestAdmin.team.kindCount", { count: teamCount, kind: orgKindLabel(teamKind) })}
              />
            </div>
            <Choices
              name="team-method"
              label={tk("contestAdmin.team.method")}
              value={teamMethod}
              onValue={(v) => setTeamMethod(v as "mean" | "top_k")}
              options={[
                {
                  value: "mean",
                  title: tk("contestAdmin.team.mean"),
                  body: tk("contestAdmin.team.meanBody", { kind: orgKindLabel(teamKind) }),
                },
                {
                  value: "top_k",
                  title: tk("contestAdmin.team.topK"),
                  body: tk("contestAdmin.team.topKBody", { kind: orgKindLabel(teamKind), k: topK || "K" }),
                },
              ]}
            />
            {teamMethod === "top_k" ? (
              <div class={styles.topK}>
                <TextField
                  label={tk("contestAdmin.team.k")}
                  inputMode="numeric"
                  value={topK}
                  onValue={setTopK}
                  error={error("team.topK")}
                  maxLength={4}
                />
              </div>
            ) : null}
          </div>
        ) : (
          <p class={styles.note}>{tk("contestAdmin.team.offHint")}</p>
        )}
      </section>

      <div class={styles.formFoot}>
        <Button type="submit" variant="primary" icon="check" pending={action.pending} pendingLabel={tk("common.saving")}>
          {contest ? tk("contestAdmin.form.save") : tk("contestAdmin.form.create")}
        </Button>
        {!contest ? <p class={styles.note}>{tk("contestAdmin.form.createNote")}</p> : null}
      </div>
    </form>
  );
}
