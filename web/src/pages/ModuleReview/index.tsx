import { useRoute } from "preact-iso";
import { TeachShell } from "../../components/TeachTabs/shell";
import { tc } from "../../i18n/courses.zh-CN";
import { ReviewDetail } from "./detail";
import { ReviewQueue } from "./queue";

/** /teach/review: what waits for this organizer's review; /teach/review/:id: reading one and deciding. */
export default function ModuleReview() {
  const { params } = useRoute();
  const id = params.id;
  return (
    <TeachShell title={tc("courses.review.title")} requiredRole="organizer">
      {() => (id ? <ReviewDetail key={id} id={id} /> : <ReviewQueue />)}
    </TeachShell>
  );
}
