import { useRoute } from "preact-iso";
import { AppShell } from "../../components/AppShell";
import { tk } from "../../i18n/contests.zh-CN";
import { StartScreen } from "./start";
import { TakeScreen } from "./take";

/**
 * Taking a round: /contests/rounds/:id/start shows the rules before the clock starts;
 * /contests/attempts/:id is the attempt itself, on a screen of its own (no navigation to tap away by
 * accident), resumable at any time until its deadline.
 */
export default function ContestAttempt() {
  const { params, path } = useRoute();
  const id = params.id ?? "";
  const starting = path.endsWith("/start");
  return (
    <AppShell title={tk(starting ? "attempt.start.title" : "attempt.title")} requiredRole="member" focused={!starting}>
      {() => (starting ? <StartScreen key={id} roundId={id} /> : <TakeScreen key={id} attemptId={id} />)}
    </AppShell>
  );
}
