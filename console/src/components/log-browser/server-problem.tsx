import type { Problem } from './api';

/** Why the log server's answer is missing, in the person's terms, from the console's `problem`. */
function headline(problem: Problem): string {
  if (problem.problem === 'unreachable') return 'The log server cannot be reached.';
  if (problem.problem === 'refused') return "The log server refuses the console's credential.";
  if (problem.status === 403) return 'Not allowed.';
  return 'The log server could not answer.';
}

/** The banner over the log browser when a load failed for a reason other than the query. */
export function ServerProblem({ problem }: { problem: Problem }) {
  return (
    <div
      role="alert"
      className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200"
      data-testid="log-server-problem"
      data-problem={problem.problem ?? 'failed'}
    >
      <p className="font-medium">{headline(problem)}</p>
      <p>{problem.message}</p>
    </div>
  );
}
