import { useEffect } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { Button } from "../../components/Button";
import { Notice } from "../../components/Notice";
import { Loading } from "../../components/Spinner";
import { tk } from "../../i18n/contests.zh-CN";
import { formatDate } from "../../lib/contest";
import type { Certificate, Me } from "../../lib/types";
import { useResource } from "../../lib/use-resource";
import styles from "./style.module.css";

export default function CertificatePage() {
  return (
    <AppShell title={tk("contest.certificate.title")} requiredRole="member" focused>
      {(me) => <CertificateView me={me} />}
    </AppShell>
  );
}

/**
 * A printable certificate: 荣誉证书 for the top places the round names, 参与证书 for everyone else
 * who finished. On screen a toolbar to print (or save as PDF); on paper only the certificate,
 * A4 landscape (see the print rules in the style sheet).
 */
function CertificateView({ me }: { me: Me }) {
  const { params } = useRoute();
  const { route } = useLocation();
  const roundId = params.id ?? "";
  const { data, error, reload } = useResource<Certificate>(
    `/api/rounds/${encodeURIComponent(roundId)}/certificates/${encodeURIComponent(me.id)}`,
  );

  useEffect(() => {
    if (data)
      document.title = `${tk(data.kind === "honour" ? "contest.certificate.honour" : "contest.certificate.participation")} · ${data.name}`;
  }, [data]);

  const back = () => (history.length > 1 ? history.back() : route("/contests"));

  return (
    <div class={styles.page}>
      <div class={styles.toolbar}>
        <Button variant="quiet" icon="chevronLeft" onClick={back}>
          {tk("common.back")}
        </Button>
        {data ? (
          <Button variant="primary" icon="printer" onClick={() => window.print()}>
            {tk("contest.certificate.print")}
          </Button>
        ) : null}
      </div>
      {error ? (
        <Notice
          tone={error.status === 403 || error.status === 404 ? "info" : "error"}
          requestId={error.status >= 500 ? error.requestId : undefined}
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
          <p class={styles.hint}>{tk("contest.certificate.hint")}</p>
          <Sheet certificate={data} />
        </>
      )}
    </div>
  );
}

/** The sheet alone, also printed by organizers for anyone in a round (pages/CertificatePrint). */
export function Sheet({ certificate: c }: { certificate: Certificate }) {
  const honour = c.kind === "honour";
  return (
    <article
      class={styles.sheet}
      data-kind={c.kind}
      aria-label={tk(honour ? "contest.certificate.honour" : "contest.certificate.participation")}
    >
      <div class={styles.frame}>
        <h1 class={styles.heading}>{tk(honour ? "contest.certificate.honour" : "contest.certificate.participation")}</h1>
        <div class={styles.content}>
          <p class={styles.name}>{tk("contest.certificate.addressee", { name: c.name })}</p>
          <p class={styles.body}>
            {honour
              ? tk("contest.certificate.body.honour", {
                  contest: c.contestTitle,
                  round: c.roundName,
                  score: c.score,
                  total: c.totalPoints,
                  participants: c.participants,
                  rank: c.rank,
                })
              : tk("contest.certificate.body.participation", {
                  contest: c.contestTitle,
                  round: c.roundName,
                  score: c.score,
                  total: c.totalPoints,
                })}
          </p>
          <p class={styles.org}>{tk("contest.certificate.org", { org: c.orgName })}</p>
        </div>
        <div class={styles.issuers}>
          {c.hosts.map((host) => (
            <p key={host}>{host}</p>
          ))}
          <p class={styles.date}>
            <time dateTime={new Date(c.issuedAt).toISOString()}>{formatDate(c.issuedAt)}</time>
          </p>
        </div>
      </div>
    </article>
  );
}
