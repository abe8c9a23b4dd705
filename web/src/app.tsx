import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from "preact-iso";
import { LoadFailed } from "./components/LoadFailed";
import { setUnauthenticatedHandler } from "./lib/api";
import { clearMe } from "./lib/session";

/**
 * Every page is its own chunk, so a member's first visit (the login page) downloads only
 * Preact, the router and that page. A chunk that fails on a flaky network shows a page that
 * says so and offers a reload, instead of a blank screen.
 */
function page(load: () => Promise<{ default: ComponentType }>) {
  return lazy(() =>
    load().catch((err: unknown) => {
      console.error(err);
      return { default: () => <LoadFailed /> };
    }),
  );
}

const Login = page(() => import("./pages/Login"));
const Activate = page(() => import("./pages/Activate"));
const Home = page(() => import("./pages/Home"));
const Account = page(() => import("./pages/Account"));
const Orgs = page(() => import("./pages/Orgs"));
const MemberImport = page(() => import("./pages/MemberImport"));
const Audit = page(() => import("./pages/Audit"));
const Practice = page(() => import("./pages/Practice"));
const WrongBook = page(() => import("./pages/WrongBook"));
const Mastery = page(() => import("./pages/Mastery"));
const Banks = page(() => import("./pages/Banks"));
const Bank = page(() => import("./pages/Bank"));
const QuestionImport = page(() => import("./pages/QuestionImport"));
const Contests = page(() => import("./pages/Contests"));
const ContestAttempt = page(() => import("./pages/ContestAttempt"));
const AttemptResult = page(() => import("./pages/AttemptResult"));
const ContestLeaderboard = page(() => import("./pages/ContestLeaderboard"));
const Certificate = page(() => import("./pages/Certificate"));
const ContestAdmin = page(() => import("./pages/ContestAdmin"));
const ContestEditor = page(() => import("./pages/ContestEditor"));
const RoundMonitor = page(() => import("./pages/RoundMonitor"));
const RoundResults = page(() => import("./pages/RoundResults"));
const CertificatePrint = page(() => import("./pages/CertificatePrint"));
// Courses, a member's side: the catalog, a module (and its quiz), a session, check-in, study hours.
const Courses = page(() => import("./pages/Courses"));
const Module = page(() => import("./pages/Module"));
const ModuleQuiz = page(() => import("./pages/ModuleQuiz"));
const Session = page(() => import("./pages/Session"));
const CheckIn = page(() => import("./pages/CheckIn"));
const Study = page(() => import("./pages/Study"));
// plans: member — the year's plan with its rings and next steps, and the branch's points ranking (when it opted in).
const MyPlan = page(() => import("./pages/MyPlan"));
const PointsRanking = page(() => import("./pages/PointsRanking"));
// (end plans: member)
// Courses, the lecturer's and organizer's side: modules, review, sessions, the check-in screen, attendance.
const TeachModules = page(() => import("./pages/TeachModules"));
const ModuleEditor = page(() => import("./pages/ModuleEditor"));
const ModuleReview = page(() => import("./pages/ModuleReview"));
const TeachSessions = page(() => import("./pages/TeachSessions"));
const SessionEditor = page(() => import("./pages/SessionEditor"));
const SessionAttendance = page(() => import("./pages/SessionAttendance"));
const CheckinScreen = page(() => import("./pages/CheckinScreen"));
// Live rounds (现场赛), a member's phone: join by PIN, then play (or watch as audience).
const LiveJoin = page(() => import("./pages/LiveJoin"));
const LivePlay = page(() => import("./pages/LivePlay"));
const LiveHost = page(() => import("./pages/LiveHost"));
const LiveScreen = page(() => import("./pages/LiveScreen"));
// plans: dashboard
const PlanDashboard = page(() => import("./pages/PlanDashboard"));
const MemberLedger = page(() => import("./pages/MemberLedger"));
// plans: dashboard (end)
// plans: settings & reports — the year plan editor, points rules, report snapshots and their printable page.
const PlanSettings = page(() => import("./pages/PlanSettings"));
const PointsRules = page(() => import("./pages/PointsRules"));
const Reports = page(() => import("./pages/Reports"));
const ReportView = page(() => import("./pages/ReportView"));
const ReportPrint = page(() => import("./pages/ReportPrint"));
// plans: settings & reports (end)
const NotFound = page(() => import("./pages/NotFound"));

/** Any 401 from the API (an expired or revoked session) goes to the login page, remembering where it was. */
function SessionRedirect() {
  const { route } = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      clearMe();
      const here = window.location.pathname + window.location.search;
      if (here.startsWith("/login") || here.startsWith("/activate")) return;
      route(here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`, true);
    });
    return () => setUnauthenticatedHandler(null);
  }, [route]);
  return null;
}

export function App() {
  const [crashed, setCrashed] = useState(false);
  return (
    <LocationProvider>
      <SessionRedirect />
      {crashed ? (
        <LoadFailed crashed />
      ) : (
        <ErrorBoundary
          onError={(error) => {
            console.error(error);
            setCrashed(true);
          }}
        >
          <Router onRouteChange={() => window.scrollTo(0, 0)}>
            <Route path="/login" component={Login} />
            <Route path="/activate" component={Activate} />
            <Route path="/" component={Home} />
            <Route path="/me" component={Account} />
            <Route path="/orgs" component={Orgs} />
            <Route path="/orgs/import" component={MemberImport} />
            <Route path="/audit" component={Audit} />
            <Route path="/practice" component={Practice} />
            <Route path="/practice/wrong-book" component={WrongBook} />
            <Route path="/practice/mastery" component={Mastery} />
            <Route path="/banks" component={Banks} />
            {/* Before /banks/:id, which would otherwise take "import" for an id. */}
            <Route path="/banks/import" component={QuestionImport} />
            <Route path="/banks/:id" component={Bank} />
            <Route path="/contests" component={Contests} />
            <Route path="/contests/rounds/:id/start" component={ContestAttempt} />
            <Route path="/contests/rounds/:id/leaderboard" component={ContestLeaderboard} />
            <Route path="/contests/rounds/:id/certificate" component={Certificate} />
            <Route path="/contests/attempts/:id" component={ContestAttempt} />
            <Route path="/contests/attempts/:id/result" component={AttemptResult} />
            {/* Organizers' contest pages; "new" before ":id", and all before any member route under /contests. */}
            <Route path="/contests/manage" component={ContestAdmin} />
            <Route path="/contests/manage/new" component={ContestEditor} />
            <Route path="/contests/manage/:id" component={ContestEditor} />
            <Route path="/contests/manage/:id/rounds/:roundId/monitor" component={RoundMonitor} />
            <Route path="/contests/manage/:id/rounds/:roundId/results" component={RoundResults} />
            {/* An organizer prints anyone's certificate: ?round=…&user=… */}
            <Route path="/contests/certificate" component={CertificatePrint} />
            <Route path="/courses" component={Courses} />
            <Route path="/courses/:id" component={Module} />
            <Route path="/courses/:id/quiz" component={ModuleQuiz} />
            <Route path="/sessions/:id" component={Session} />
            {/* The lecturer's QR opens this with ?s=<session>&c=<code>; without them it asks for the typed code. */}
            <Route path="/check-in" component={CheckIn} />
            <Route path="/study" component={Study} />
            {/* plans: member */}
            <Route path="/plan" component={MyPlan} />
            <Route path="/plan/ranking" component={PointsRanking} />
            {/* (end plans: member) */}
            {/* Lecturers and organizers: "new" before ":id". */}
            <Route path="/teach" component={TeachModules} />
            <Route path="/teach/modules/new" component={ModuleEditor} />
            <Route path="/teach/modules/:id" component={ModuleEditor} />
            <Route path="/teach/review" component={ModuleReview} />
            <Route path="/teach/review/:id" component={ModuleReview} />
            <Route path="/teach/sessions" component={TeachSessions} />
            <Route path="/teach/sessions/new" component={SessionEditor} />
            <Route path="/teach/sessions/:id" component={SessionAttendance} />
            <Route path="/teach/sessions/:id/edit" component={SessionEditor} />
            <Route path="/teach/sessions/:id/check-in" component={CheckinScreen} />
            {/* The projector's QR opens /live?pin=…; /live/:roundId?as=audience watches without playing. */}
            <Route path="/live" component={LiveJoin} />
            <Route path="/live/:roundId" component={LivePlay} />
            {/* The organizer's side of a live round: the host console (laptop) and the projector (also the audience view). */}
            <Route path="/live/:roundId/host" component={LiveHost} />
            <Route path="/live/:roundId/screen" component={LiveScreen} />
            {/* plans: dashboard — the organizer's plan dashboard (?org=&year=) and a person's ledger */}
            <Route path="/plans" component={PlanDashboard} />
            <Route path="/plans/members/:userId" component={MemberLedger} />
            {/* plans: dashboard (end) */}
            {/* plans: settings & reports — ?org=&year=; the print page has no app shell (A4, printed from its button) */}
            <Route path="/plans/settings" component={PlanSettings} />
            <Route path="/plans/points" component={PointsRules} />
            <Route path="/reports" component={Reports} />
            <Route path="/reports/:id" component={ReportView} />
            <Route path="/reports/:id/print" component={ReportPrint} />
            {/* plans: settings & reports (end) */}
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      )}
    </LocationProvider>
  );
}
