import { useRoute } from "preact-iso";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { useActiveRole } from "../../lib/session";
import { modulesTitle, teachPaths } from "../../lib/teach";
import type { BankList, Me, ModuleResponse, OrgList } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import admin from "../ContestAdmin/admin.module.css";
import { ModuleForm } from "./form";

export default function ModuleEditor() {
  const { params } = useRoute();
  const id = params.id ?? null;
  return (
    <TeachShell title={tc(id ? "courses.teach.editor.editTitle" : "courses.teach.editor.newTitle")}>
      {(me) => <EditorPage key={id ?? "new"} id={id} me={me} />}
    </TeachShell>
  );
}

function EditorPage({ id, me }: { id: string | null; me: Me }) {
  const role = useActiveRole(me);
  const module = useResource<ModuleResponse>(id ? `/api/modules/${encodeURIComponent(id)}` : null);
  const orgs = useResource<OrgList>("/api/orgs");
  const banks = useResource<BankList>("/api/banks");
  const failed = module.error ?? orgs.error;
  const crumbs = (
    <nav class={admin.crumbs} aria-label={tc("courses.teach.crumbs")}>
      <a href={teachPaths.modules}>{modulesTitle(role)}</a>
      <Icon name="chevronRight" size={0.875} />
      <span class={admin.crumbHere}>
        {id ? (module.data?.module.draft?.title ?? module.data?.module.published?.title ?? "") : tc("courses.teach.editor.newTitle")}
      </span>
    </nav>
  );
  if (failed) {
    return (
      <div class={admin.page}>
        {crumbs}
        <Notice
          tone={failed.status === 404 ? "warning" : "error"}
          requestId={failed.requestId}
          action={
            <Button
              icon="refresh"
              onClick={() => {
                module.reload();
                orgs.reload();
              }}
            >
              {tc("common.retry")}
            </Button>
          }
        >
          {failed.message}
        </Notice>
      </div>
    );
  }
  if ((id && !module.data) || !orgs.data) return <Loading label={tc("app.loading")} minHeight={20} />;
  return (
    <div class={admin.page}>
      {crumbs}
      <ModuleForm me={me} module={module.data?.module ?? null} orgs={orgs.data.orgs} banks={banks.data?.banks ?? []} />
    </div>
  );
}
