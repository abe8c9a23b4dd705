import { useEffect, useMemo, useState } from "preact/hooks";
import { t } from "../../i18n";
import { api } from "../../lib/api";
import { orgKindLabel } from "../../lib/format";
import { buildTree, flatten } from "../../lib/org-tree";
import {
  type AllianceList,
  type Bank,
  type BankResponse,
  type BankVisibility,
  bankVisibilities,
  type CreateBankBody,
  type OrgList,
  type PracticeSettings,
  type UpdateBankBody,
} from "../../lib/types";
import { useAction } from "../../lib/use-action";
import { useResource } from "../../lib/use-resource";
import { Badge, type BadgeTone } from "../Badge";
import { Button } from "../Button";
import { Dialog } from "../Dialog";
import { FieldError, SelectField, TextAreaField, TextField } from "../Field";
import type { IconName } from "../Icon";
import { Notice } from "../Notice";
import styles from "./style.module.css";

export const visibilityStyle: Record<BankVisibility, { tone: BadgeTone; icon: IconName }> = {
  org: { tone: "neutral", icon: "lock" },
  alliance: { tone: "blue", icon: "link" },
  public: { tone: "green", icon: "globe" },
};

/** 仅本组织 / 联盟共享 / 公开, with an icon so it never rests on colour. */
export function VisibilityBadge({ visibility }: { visibility: BankVisibility }) {
  return (
    <Badge tone={visibilityStyle[visibility].tone} icon={visibilityStyle[visibility].icon}>
      {t(`bank.visibility.${visibility}`)}
    </Badge>
  );
}

/** The orgs a person manages, indented as a tree, for a picker; loaded once the picker is wanted. */
export function useManagedOrgOptions(wanted = true) {
  const resource = useResource<OrgList>(wanted ? "/api/orgs" : null);
  const options = useMemo(
    () =>
      flatten(buildTree(resource.data?.orgs ?? []))
        .filter(({ node }) => node.canManage)
        .map(({ node, level }) => ({ value: node.id, label: `${"\u3000".repeat(level)}${node.name}（${orgKindLabel(node.kind)}）` })),
    [resource.data],
  );
  return { ...resource, options };
}

type DialogProps<T> = { open: boolean; onClose: () => void; onDone: (result: T) => void };

export function CreateBankDialog({ open, onClose, onDone }: DialogProps<Bank>) {
  const orgs = useManagedOrgOptions(open);
  const [orgId, setOrgId] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const action = useAction((body: CreateBankBody) => api.post<BankResponse>("/api/banks", body));

  useEffect(() => {
    if (!open) return;
    setName("");
    setDescription("");
    setNameError(undefined);
    action.reset();
  }, [open]);
  useEffect(() => {
    if (!orgId && orgs.options[0]) setOrgId(orgs.options[0].value);
  }, [orgs.options]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return setNameError(t("bank.validation.name"));
    setNameError(undefined);
    const result = await action.run({ orgId, name: name.trim(), description: description.trim() });
    if (result) onDone(result.bank);
  };
  const fields = action.error?.fieldErrors ?? {};

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("bank.create")}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="create-bank-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("bank.create")}
          </Button>
        </>
      }
    >
      <form id="create-bank-form" class={styles.form} onSubmit={submit} noValidate>
        {action.error && Object.keys(fields).length === 0 ? <Notice tone="error">{action.error.message}</Notice> : null}
        {orgs.error ? <Notice tone="error">{orgs.error.message}</Notice> : null}
        <SelectField label={t("bank.org")} value={orgId} onValue={setOrgId} options={orgs.options} error={fields.orgId} />
        <TextField
          label={t("bank.name")}
          value={name}
          onValue={setName}
          error={nameError ?? fields.name}
          maxLength={60}
          autoComplete="off"
        />
        <TextAreaField
          label={t("bank.description")}
          tag={t("common.optional")}
          value={description}
          onValue={setDescription}
          error={fields.description}
          maxLength={500}
          rows={3}
        />
      </form>
    </Dialog>
  );
}

/** Name, description and who may use the bank: this org's subtree, chosen alliances, or everyone. */
export function BankSettingsDialog({ open, bank, onClose, onDone }: DialogProps<Bank> & { bank: Bank }) {
  const [name, setName] = useState(bank.name);
  const [description, setDescription] = useState(bank.description);
  const [visibility, setVisibility] = useState<BankVisibility>(bank.visibility);
  const [allianceIds, setAllianceIds] = useState<string[]>(bank.allianceIds);
  const [localError, setLocalError] = useState<{ name?: string; alliances?: string }>({});
  const alliances = useResource<AllianceList>(open ? "/api/alliances" : null);
  const orgs = useResource<OrgList>(open ? "/api/orgs" : null);
  const action = useAction((body: UpdateBankBody) => api.patch<BankResponse>(`/api/banks/${encodeURIComponent(bank.id)}`, body));

  useEffect(() => {
    if (!open) return;
    setName(bank.name);
    setDescription(bank.description);
    setVisibility(bank.visibility);
    setAllianceIds(bank.allianceIds);
    setLocalError({});
    action.reset();
  }, [open, bank.id]);

  // A bank can be shared with an alliance its org, or an org above it, belongs to (the server's rule).
  const eligible = useMemo(() => {
    const path = orgs.data?.orgs.find((org) => org.id === bank.orgId)?.path ?? `/${bank.orgId}/`;
    const above = new Set(path.split("/").filter(Boolean));
    return (alliances.data?.alliances ?? []).filter(
      (alliance) => alliance.orgs.some((org) => above.has(org.id)) || bank.allianceIds.includes(alliance.id),
    );
  }, [alliances.data, orgs.data, bank.orgId, bank.allianceIds]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: { name?: string; alliances?: string } = {};
    if (!name.trim()) found.name = t("bank.validation.name");
    if (visibility === "alliance" && allianceIds.length === 0) found.alliances = t("bank.pickAlliance");
    setLocalError(found);
    if (Object.keys(found).length > 0) return;
    const result = await action.run({
      name: name.trim(),
      description: description.trim(),
      visibility,
      allianceIds: visibility === "alliance" ? allianceIds : [],
    });
    if (result) onDone(result.bank);
  };
  const fields = action.error?.fieldErrors ?? {};

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("bank.settings")}
      description={bank.name}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="bank-settings-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="bank-settings-form" class={styles.form} onSubmit={submit} noValidate>
        {action.error && Object.keys(fields).length === 0 ? <Notice tone="error">{action.error.message}</Notice> : null}
        <TextField
          label={t("bank.name")}
          value={name}
          onValue={setName}
          error={localError.name ?? fields.name}
          maxLength={60}
          autoComplete="off"
        />
        <TextAreaField
          label={t("bank.description")}
          tag={t("common.optional")}
          value={description}
          onValue={setDescription}
          error={fields.description}
          maxLength={500}
          rows={2}
        />
        <fieldset class={styles.choices}>
          <legend class={styles.legend}>{t("bank.share")}</legend>
          {bankVisibilities.map((value) => (
            <label key={value} class={styles.choice}>
              <input
                type="radio"
                name="bank-visibility"
                value={value}
                checked={visibility === value}
                onChange={() => setVisibility(value)}
              />
              <span class={styles.choiceText}>
                <span class={styles.choiceTitle}>
                  <VisibilityBadge visibility={value} />
                </span>
                <span class={styles.choiceHint}>{t(`bank.visibilityHint.${value}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {visibility === "alliance" ? (
          <fieldset class={styles.alliances} aria-describedby={localError.alliances ? "bank-alliances-error" : undefined}>
            <legend class={styles.legend}>{t("bank.alliances")}</legend>
            {alliances.error ? (
              <Notice tone="error">{alliances.error.message}</Notice>
            ) : !alliances.data ? (
              <p class={styles.hint}>{t("app.loading")}</p>
            ) : eligible.length === 0 ? (
              <p class={styles.hint}>{t("bank.noAlliances")}</p>
            ) : (
              eligible.map((alliance) => (
                <label key={alliance.id} class={styles.check}>
                  <input
                    type="checkbox"
                    checked={allianceIds.includes(alliance.id)}
                    onChange={(event) => {
                      const on = event.currentTarget.checked;
                      setAllianceIds((ids) => (on ? [...ids, alliance.id] : ids.filter((id) => id !== alliance.id)));
                      setLocalError((e) => ({ ...e, alliances: undefined }));
                    }}
                  />
                  <span>{alliance.name}</span>
                </label>
              ))
            )}
            {localError.alliances ? <FieldError id="bank-alliances-error" message={localError.alliances} /> : null}
          </fieldset>
        ) : null}
      </form>
    </Dialog>
  );
}

/** How many questions a day an org's members get (applies to its subtree). */
export function PracticeSettingsDialog({ open, onClose, onDone }: DialogProps<{ org: string; size: number }>) {
  const orgs = useManagedOrgOptions(open);
  const [orgId, setOrgId] = useState("");
  const [size, setSize] = useState("");
  const [sizeError, setSizeError] = useState<string | undefined>();
  const path = `/api/orgs/${encodeURIComponent(orgId)}/practice-settings`;
  // The size in effect for the chosen org (its own, inherited, or the default), loaded on each opening and choice.
  const current = useResource<PracticeSettings>(open && orgId ? path : null);
  const action = useAction((dailySize: number) => api.put<PracticeSettings>(path, { dailySize }));

  useEffect(() => {
    if (!open) return;
    setSizeError(undefined);
    action.reset();
  }, [open]);
  useEffect(() => {
    if (!orgId && orgs.options[0]) setOrgId(orgs.options[0].value);
  }, [orgs.options]);
  useEffect(() => {
    if (current.data?.orgId === orgId) setSize(String(current.data.dailySize));
  }, [current.data, orgId]);
  const loaded = current.data?.orgId === orgId && !current.loading;

  const submit = async (event: Event) => {
    event.preventDefault();
    // Saving before the current value is in would overwrite it with whatever the field held.
    if (!loaded) return;
    const value = Number(size.trim());
    if (!Number.isInteger(value) || value < 1 || value > 50) return setSizeError(t("bank.dailySizeError"));
    setSizeError(undefined);
    const result = await action.run(value);
    if (result) {
      const org = orgs.data?.orgs.find((o) => o.id === result.orgId)?.name ?? "";
      onDone({ org, size: result.dailySize });
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={t("bank.practiceSettings")}
      description={t("bank.practiceSettingsIntro")}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" form="practice-settings-form" variant="primary" pending={action.pending} pendingLabel={t("common.saving")}>
            {t("common.save")}
          </Button>
        </>
      }
    >
      <form id="practice-settings-form" class={styles.form} onSubmit={submit} noValidate>
        {action.error && !action.error.fieldErrors.dailySize ? <Notice tone="error">{action.error.message}</Notice> : null}
        {current.error ? <Notice tone="error">{current.error.message}</Notice> : null}
        <SelectField label={t("bank.org")} value={orgId} onValue={setOrgId} options={orgs.options} />
        <TextField
          label={t("bank.dailySize")}
          type="number"
          inputMode="numeric"
          min={1}
          max={50}
          value={loaded ? size : ""}
          placeholder={current.loading ? t("app.loading") : undefined}
          disabled={!loaded}
          onValue={setSize}
          error={sizeError ?? action.error?.fieldErrors.dailySize}
        />
      </form>
    </Dialog>
  );
}
