import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button } from "../../components/Button";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import type { Certificate } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import { Sheet } from "../Certificate";
import styles from "./style.module.css";

export default function CertificatePrint() {
  return (
    <AppShell title={tk("contestAdmin.certificate.title")} requiredRole="organizer" focused>
      {() => <PrintView />}
    </AppShell>
  );
}

/**
 * An organizer prints anyone's certificate from a round's results (/contests/certificate?round=…&user=…),
 * on the same sheet members print their own: the organizer's copy for a ceremony or a file.
 */
function PrintView() {
  const { query } = useLocation();
  const round = query.round ?? "";
  const user = query.user ?? "";
  const { data, error, reload } = useResource<Certificate>(
    round && user ? `/api/rounds/${encodeURIComponent(round)}/certificates/${encodeURIComponent(user)}` : null,
  );

  useEffect(() => {
    if (data)
      document.title = `${tk(data.kind === "honour" ? "contestAdmin.results.certificateHonour" : "contestAdmin.results.certificate")} · ${data.name}`;
  }, [data]);

  return (
    <div class={styles.page}>
      <div class={styles.toolbar}>
        <Button variant="quiet" icon="chevronLeft" onClick={() => (history.length > 1 ? history.back() : window.close())}>
          {tk("common.back")}
        </Button>
        {data ? (
          <Button variant="primary" icon="printer" onClick={() => window.print()}>
            {tk("contestAdmin.certificate.print")}
          </Button>
        ) : null}
      </div>
      {!round || !user ? (
        <Notice tone="warning">{tk("contestAdmin.certificate.badLink")}</Notice>
      ) : error ? (
        <Notice
          tone={error.status === 403 || error.status === 404 ? "warning" : "error"}
          requestId={error.requestId}
          action={
            error.status >= 500 || error.status === 0 ? (
              <Button icon="refresh" onClick={reload}>
                {tk("common.retry")}
              </Button>
            ) : undefined
          }
        >
          {error.message}
        </Notice>
      ) : !data ? (
        <Loading label={tk("app.loading")} minHeight={20} />
      ) : (
        <>
          <p class={styles.hint}>{tk("contestAdmin.certificate.hint", { name: data.name })}</p>
          <Sheet certificate={data} />
        </>
      )}
    </div>
  );
}
