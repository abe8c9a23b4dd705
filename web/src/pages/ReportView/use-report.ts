import { useLocation, useRoute } from "preact-iso";
import { query } from "../../lib/api";
import type { ReportSnapshotView } from "../../lib/types";
import { useResource } from "../../lib/use-resource";

/**
 * The report in the address, as the screen and the print page load it: `/reports/:id`, and `?org=`
 * when an org above looks at one of its sub-orgs' share of it.
 */
export function useReportView() {
  const { params } = useRoute();
  const { query: search } = useLocation();
  const id = params.id ?? "";
  const orgId = search.org || undefined;
  const report = useResource<ReportSnapshotView>(`/api/report-snapshots/${encodeURIComponent(id)}${query({ orgId })}`);
  return { id, orgId, report };
}
