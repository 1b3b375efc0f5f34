/**
 * What shell completion offers, from the CLI's own help (one source: a flag that `help COMMAND`
 * names is a flag completion offers) and the platform catalog. Pure; completion.ts writes the
 * scripts, `tokendesk __complete-refs` lists token names from SQLite (never the keychain).
 */
export interface CompletionPlan {
  commands: string[]
  /** The flags each command's usage names. */
  flags: Record<string, string[]>
  platforms: string[]
  providers: string[]
  /** Commands whose first positional is a token REF. */
  refCommands: string[]
}

export function completionPlan(commands: Record<string, { usage: string }>, catalog: readonly { slug: string; kind: 'personal' | 'provider' }[]): CompletionPlan {
  const flags: Record<string, string[]> = {}
  const refCommands: string[] = []
  for (const [name, spec] of Object.entries(commands)) {
    if (name.startsWith('__')) continue
    // Flags as the usage writes them, before any `--` (what follows belongs to the child command).
    const usage = spec.usage
    flags[name] = [...new Set([...usage.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!).filter((f) => f !== '--'))].sort()
    if (/\bREF\b/.test(usage.split('\n')[0] ?? '')) refCommands.push(name)
  }
  return {
    commands: [...Object.keys(commands).filter((c) => !c.startsWith('__')), 'help'].sort(),
    flags,
    platforms: catalog.filter((e) => e.kind === 'personal').map((e) => e.slug),
    providers: catalog.filter((e) => e.kind === 'provider').map((e) => e.slug),
    refCommands: refCommands.sort(),
  }
}

const words = (xs: readonly string[]) => xs.join(' ')

export function bashScript(p: CompletionPlan): string {
  const cases = Object.entries(p.flags)
    .map(([c, f]) => `    ${c}) flags="${words(f)}" ;;`)
    .join('\n')
  return `# tokendesk completion for bash: source it, e.g. from ~/.bashrc:
#   source <(tokendesk completion bash)
_tokendesk() {
  local cur prev cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "\$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${words(p.commands)}" -- "\$cur") )
    return
  fi
  case "\$prev" in
    --platform) COMPREPLY=( $(compgen -W "${words(p.platforms)}" -- "\$cur") ); return ;;
    --provider) COMPREPLY=( $(compgen -W "${words(p.providers)}" -- "\$cur") ); return ;;
  esac
  case "\$cmd" in
${cases}
    help) COMPREPLY=( $(compgen -W "${words(p.commands)}" -- "\$cur") ); return ;;
    *) flags="" ;;
  esac
  if [[ "\$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "\$flags" -- "\$cur") )
    return
  fi
  case " ${words(p.refCommands)} " in
    *" \$cmd "*) COMPREPLY=( $(compgen -W "$(tokendesk __complete-refs "\$cur" 2>/dev/null)" -- "\$cur") ) ;;
  esac
}
complete -F _tokendesk tokendesk
`
}

export function zshScript(p: CompletionPlan): string {
  const cases = Object.entries(p.flags)
    .map(([c, f]) => `    ${c}) flags=(${words(f)}) ;;`)
    .join('\n')
  return `#compdef tokendesk
# tokendesk completion for zsh: source <(tokendesk completion zsh), or put it in a directory of
# your fpath as _tokendesk.
_tokendesk() {
  local cmd=\${words[2]}
  local -a flags
  if (( CURRENT == 2 )); then
    compadd -- ${words(p.commands)}
    return
  fi
  case \${words[CURRENT-1]} in
    --platform) compadd -- ${words(p.platforms)}; return ;;
    --provider) compadd -- ${words(p.providers)}; return ;;
  esac
  case $cmd in
${cases}
    help) compadd -- ${words(p.commands)}; return ;;
    *) flags=() ;;
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    compadd -- $flags
    return
  fi
  case " ${words(p.refCommands)} " in
    *" $cmd "*) compadd -- \${(f)"$(tokendesk __complete-refs \${words[CURRENT]} 2>/dev/null)"} ;;
  esac
}
compdef _tokendesk tokendesk 2>/dev/null || true
`
}

export function fishScript(p: CompletionPlan): string {
  const lines = [
    '# tokendesk completion for fish: tokendesk completion fish | source (or save it as ~/.config/fish/completions/tokendesk.fish)',
    'complete -c tokendesk -f',
    `complete -c tokendesk -n '__fish_use_subcommand' -a '${words(p.commands)}'`,
  ]
  for (const [c, f] of Object.entries(p.flags)) {
    for (const flag of f) lines.push(`complete -c tokendesk -n '__fish_seen_subcommand_from ${c}' -l ${flag.slice(2)}`)
  }
  lines.push(`complete -c tokendesk -n '__fish_seen_subcommand_from add list' -l platform -x -a '${words(p.platforms)}'`)
  lines.push(`complete -c tokendesk -n '__fish_seen_subcommand_from add list' -l provider -x -a '${words(p.providers)}'`)
  lines.push(`complete -c tokendesk -n '__fish_seen_subcommand_from ${words(p.refCommands)}' -a '(tokendesk __complete-refs (commandline -ct) 2>/dev/null)'`)
  return `${lines.join('\n')}\n`
}
