// Ready saved views for the Temporal Web UI (Workflows → the query box → "Save as view"), built
// on our search attributes (temporal/search-attributes.ts). The README lists them; a test runs
// each against a real server so that none is a query the server refuses.

export const SAVED_VIEWS: { name: string; query: string }[] = [
  {
    name: 'Open escalations',
    query: `CaseKind = "journey" AND OpenEscalation = true AND ExecutionStatus = "Running"`,
  },
  {
    name: 'Journeys at risk',
    query: `CaseKind = "journey" AND RiskLevel IN ("concern", "urgent", "emergency") AND ExecutionStatus = "Running"`,
  },
  {
    name: 'Escalations running (paging or acknowledged)',
    query: `WorkflowType = "onCallEscalation" AND ExecutionStatus = "Running"`,
  },
  {
    name: 'Complaints with a breached clock',
    query: `CaseKind = "complaint" AND BreachedClocks IN ("first-contact", "root-cause", "resolution-plan") AND ExecutionStatus = "Running"`,
  },
  {
    name: 'Complaints awaiting first contact',
    query: `CaseKind = "complaint" AND ComplaintStage = "awaiting-first-contact" AND ExecutionStatus = "Running"`,
  },
  {
    name: 'Cases that failed or were terminated',
    query: `CaseKind IN ("journey", "complaint") AND ExecutionStatus IN ("Failed", "Terminated", "TimedOut")`,
  },
];
