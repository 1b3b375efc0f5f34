/** Problems the core records on a token, in words, with what to do about them. */
const PROBLEMS: Record<string, { label: string; explain: string }> = {
  deleted_on_platform: {
    label: 'Deleted on the platform',
    explain: 'The last sync no longer found this token on its platform, so it no longer works. Delete it here, or generate a new one.',
  },
  secret_missing: {
    label: 'Secret missing',
    explain: 'The secret is no longer in your OS keychain (it may have been removed outside TokenDesk). Add the token again.',
  },
}

export function problemText(problem: string): { label: string; explain: string } {
  return PROBLEMS[problem] ?? { label: problem.replace(/_/g, ' '), explain: problem.replace(/_/g, ' ') }
}

/** A visible marker (glyph + words, never colour only); `long` also shows the explanation. */
export function ProblemMarker({ problem, long = false }: { problem: string; long?: boolean }) {
  const p = problemText(problem)
  return (
    <span className={`problem-marker${long ? ' long' : ''}`} data-problem={problem} title={long ? undefined : p.explain}>
      <span className="problem-label">
        <span aria-hidden="true">⚠ </span>
        {p.label}
      </span>
      {long ? <span className="problem-explain">{p.explain}</span> : <span className="sr-only">: {p.explain}</span>}
    </span>
  )
}
