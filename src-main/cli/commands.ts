// The catalog is plain data (it imports only vocabulary.ts, which imports nothing): loading it here
// costs no measurable time (`tokendesk --version`, 40 runs: 37 ms either way), and a static import
// lets the help be built outside the bundle too (docs/cli.md, test/cli/cli-doc.test.ts).
import { CATALOG } from '../core/platform-catalog'
import type { CommandSpec } from './command'

/**
 * Every command, by name. Adding one (connect, generate, sync, check, config, env, exec) means a
 * module under commands/ and a line here; the help text is generated from this table.
 * Usage strings live here rather than in the modules so `--help` loads no command code.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  add: {
    summary: 'store a new token; the secret is read from standard input',
    get usage() {
      return `tokendesk add --kind personal|provider|service (--platform P | --provider P) --name N
              [--expires 30d|60d|90d|1y|Nd|YYYY-MM-DD|YYYY-MM-DDTHH:MM|never] [--scope S]... [--org ORG]
              [--service-account NAME] [--note TEXT] [--field key=value]... [--custom] [--json]

  The secret is read from standard input (piped, or typed at a hidden prompt), never from
  the command line. One trailing newline is removed.
  --platform, --provider, --field
              the names \`tokendesk platforms\` lists; an unknown one is refused with the
              nearest known name, unless --custom says it is one TokenDesk does not know
  --kind      personal (your account on a platform), provider (a quantum backend's key) or
              service (an organization's token for one of its service accounts); implied by
              --platform (personal), --provider (provider) or --service-account (service)
  --expires   default 30d for personal tokens, 90d for service tokens, never for provider
              keys; "never" only for provider and service tokens
  --org       an organization added with \`tokendesk org add\`; provider tokens may belong to
              one, service tokens must; only its owners and maintainers add them
  --service-account
              the service account a service token acts as (e.g. etl-pipeline)

  Example: printenv PLANQK_TOKEN | tokendesk add --platform planqk --name ci-runner --expires 90d` + createOnPlatformHelp()
    },
    load: () => import('./commands/add'),
  },
  backup: {
    summary: 'write or restore an encrypted backup of every token, secret and history',
    usage: `tokendesk backup create FILE [--force] [--json]
tokendesk backup restore FILE [--rename] [--json]

  One file holds the tokens' metadata, their secrets and their history, encrypted with a
  passphrase in the age format (age-encryption.org; \`age -d FILE\` opens it too). The
  passphrase is typed at a hidden prompt (twice for create) or piped in, never given as an
  argument; at least 10 characters. The file is created readable only by you (0600); an
  existing file is replaced only with --force.
  restore adds the backup's tokens to this vault. A token whose name is already here is
  skipped and listed; --rename restores it as NAME-restored instead. A wrong passphrase, a
  damaged or foreign file changes nothing. Platform connections are not in the backup.

  Example: tokendesk backup create ~/tokendesk.age`,
    load: () => import('./commands/backup'),
  },
  doctor: {
    summary: 'find keychain entries that belong to no token; adopt or purge them',
    usage: `tokendesk doctor [--json]
tokendesk doctor adopt REF (--platform P | --provider P) --name N [--expires …] [--org ORG] [--field k=v]...
tokendesk doctor purge REF --yes

  A deleted or zero-byte database, or an old crash, can leave secrets in the OS keychain that no
  token points at. doctor lists them, and removes on its own only those whose token the audit
  log shows deleted. Any other one may be the only copy of a secret: adopt keeps it as a new
  token (the secret never leaves the keychain for the screen), purge removes it for good.`,
    load: () => import('./commands/doctor'),
  },
  list: {
    summary: 'list tokens (never their secrets)',
    usage: `tokendesk list [--kind personal|provider|service] [--status active|expiring|expired|revoked]
              [--platform P] [--provider P] [--org ORG] [--search TEXT]
              [--limit N] [--offset N] [--json]

  --org none lists only your own tokens. --json prints {"items": [...], "total": N}.`,
    load: () => import('./commands/list'),
  },
  show: {
    summary: "show a token's details and history (never its secret)",
    usage: `tokendesk show REF [--json]

  REF is a token id, or its name when only one token has that name.
  --json prints {"token": {...}, "audit": [...]}.`,
    load: () => import('./commands/show'),
  },
  get: {
    summary: 'print a secret to standard output, for scripts',
    usage: `tokendesk get REF [--force]

  Prints the secret alone (with a newline only when standard output is a terminal) and
  records the use. Example: export PLANQK_TOKEN="$(tokendesk get ci-runner)"`,
    load: () => import('./commands/get'),
  },
  completion: {
    summary: 'print the shell completion script for bash, zsh or fish',
    usage: `tokendesk completion bash|zsh|fish

  Completes commands, each command's flags, --platform and --provider slugs, and token names and
  PLATFORM/NAME refs (read from the database only, never the keychain). Load it:
    bash   source <(tokendesk completion bash)          (e.g. in ~/.bashrc)
    zsh    source <(tokendesk completion zsh)           (after compinit)
    fish   tokendesk completion fish | source`,
    load: () => import('./commands/completion'),
  },
  '__complete-refs': {
    summary: '',
    usage: 'tokendesk __complete-refs   (for the completion scripts)',
    load: () => import('./commands/complete-refs'),
  },
  scan: {
    summary: 'find every plaintext copy of the secrets TokenDesk holds: files, histories, git history',
    usage: `tokendesk scan [PATH...] [--git] [--json]

  Looks for the exact secrets TokenDesk holds — as they are, JSON-escaped (notebooks, JSON
  configs) and URL-encoded — so there are no false positives. With PATHs: every file under them;
  without: the shell and REPL histories (bash, zsh, fish, Python, IPython's history.sqlite, psql,
  node) and the SDK files import reads. Skipped and said: folders of tools (.git unless --git,
  node_modules, virtualenvs, caches), symbolic links, FIFOs and devices, binary files, files over
  20 MB. A finding names the token, the file and line (a notebook's cell, the variable or key),
  never the secret (at most its last 4 characters, also in --json). On a terminal a progress line
  counts files, bytes and copies found.
  Each finding is recorded as a found copy of its token: \`tokendesk where REF\` lists it, rotate
  and revoke name it (update it by hand, then scan again), and a .env line whose value is exactly
  the secret can become a reference (where REF --to-references). A later scan that reads the file
  and no longer sees the secret marks the copy gone; after a rotation, copies of the old secret
  are listed as such (scans look for the current secret only).
  --git   every blob reachable from any ref (and the stash) of each git repository under the PATHs,
          read through the git executable, with the commit that first holds it and its date.
  Exit 0 when nothing was found, 1 when something was, 2 on bad usage.`,
    load: () => import('./commands/scan'),
  },
  run: {
    summary: 'run a command with the secrets its tokendesk:// references name, masked in its output',
    usage: `tokendesk run [--env-file FILE]... [--no-masking] [--force] -- COMMAND [ARGS...]

  Every variable whose value is a reference is replaced by what it names, in COMMAND's
  environment only, before COMMAND starts; COMMAND does not start unless all resolve:
    tokendesk://REF                  the token's secret (REF: name, PLATFORM/NAME or id prefix)
    tokendesk://REF/FIELD            one of its non-secret fields, e.g. tokendesk://braket/aws_access_key_id
  References are read from the inherited environment (export QISKIT_IBM_TOKEN=tokendesk://ibm-main)
  and from each --env-file (read with dotenv), in order: a later file overrides an earlier one
  and the environment. Plain values pass through unchanged.
  Exit 3 when a reference names no token or field (the variable, file and line are named), 4 for
  a revoked or expired token unless --force, 5 when the keychain is locked; then COMMAND's own
  exit code, signals forwarded, as exec.
  Masking (on by default): each resolved secret in COMMAND's stdout or stderr is printed as
  <concealed by tokendesk>, also when written in pieces; fields are not masked. A secret shorter
  than 8 characters is masked only as a whole word (a short string turns up inside ordinary
  output by chance; masking it there would garble the output and show where the secret is).
  Masking pipes stdout and stderr, so COMMAND sees no terminal: use --no-masking for programs
  that need one (an interactive shell, a REPL, a progress bar).`,
    load: () => import('./commands/run'),
  },
  'credential-process': {
    summary: 'print an AWS key token as AWS credential_process JSON (no key on disk)',
    usage: `tokendesk credential-process aws REF [--force]

  For a profile's credential_process line in ~/.aws/config, which AWS SDKs and the AWS CLI run:
  prints {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …} (SessionToken and Expiration when
  the token has them). A revoked or expired token is exit 4 with a message on stderr (never a
  secret). Write the profile with: tokendesk config write REF --format aws-credential-process --profile P`,
    load: () => import('./commands/credential-process'),
  },
  revoke: {
    summary: 'mark a token revoked (it can be restored)',
    usage: 'tokendesk revoke REF [--json]',
    load: () => import('./commands/revoke'),
  },
  restore: {
    summary: 'restore a revoked token',
    usage: 'tokendesk restore REF [--json]',
    load: () => import('./commands/restore'),
  },
  delete: {
    summary: 'permanently delete a revoked token and its secret',
    usage: `tokendesk delete REF --yes [--remove-from-configs]

  Removes the secret from the OS keychain and the token from the list. Only revoked tokens
  can be deleted; its history is kept. --yes is required because this cannot be undone.
  Files TokenDesk wrote the token into are listed as a warning; --remove-from-configs takes
  the token's entry out of each of them first (only that entry; the previous file is kept in
  TokenDesk's file-backups). An entry someone changed since is left alone.`,
    load: () => import('./commands/delete'),
  },
  edit: {
    summary: 'change a token\'s name, expiry, scopes, fields or note (never its secret)',
    usage: `tokendesk edit REF [--name N] [--expires 30d|…|YYYY-MM-DD|never] [--scope S]... [--no-scopes]
              [--field K=V]... [--unset-field K]... [--note TEXT] [--no-note] [--custom] [--json]

  Changes what TokenDesk keeps about a token; id, secret and history stay, and the history
  records what changed (field names, never values). --scope replaces the whole list. A token
  generated on a platform keeps the platform's expiry and scopes (sync brings them); its name,
  fields and note can change. Organization tokens: owners and maintainers only.

  Example: tokendesk edit braket --field aws_access_key_id=AKIA...`,
    load: () => import('./commands/edit'),
  },
  platforms: {
    summary: 'list the platforms and providers TokenDesk knows, with their fields',
    usage: `tokendesk platforms [--json]

  The slugs \`add --platform\` and \`add --provider\` take, the names the app shows, what each
  platform calls its secret, the non-secret fields its SDKs read beside it (required or
  optional) and the expiry a new token gets. Any other slug needs --custom.`,
    load: () => import('./commands/platforms'),
  },
  rotate: {
    summary: 'replace a token\'s secret: read from standard input, or made on its platform (--on-platform)',
    usage: `tokendesk rotate REF [--update-configs] [--json]
       tokendesk rotate REF --on-platform [--grace now|1h|1d|7d] [--update-configs] [--json]

  Reads the new secret from standard input; id, name and history stay the same. Then lists the
  files TokenDesk wrote the token into that now hold the old secret; --update-configs rewrites
  them in the same command (masked diffs shown). See \`tokendesk where\`.

  --on-platform  for a token generated through a connection (hub, Qualytics, IBM Cloud): the
                 platform makes a new token (same scopes and lifetime), which takes this one's
                 place; its secret is printed once on standard output. The old platform token
                 is revoked now, or after --grace, by whichever TokenDesk process runs then.`,
    load: () => import('./commands/rotate'),
  },
  import: {
    summary: 'find the tokens already in SDK files and .env files, and import them',
    usage: `tokendesk import [PATH...] [--json] [--yes]

  Without PATH, reads the SDK files TokenDesk knows: every AWS profile (~/.aws/credentials),
  every qiskit account (~/.qiskit/qiskit-ibm.json), the PlanQK and Qualytics configs. With
  PATH, reads those files, or the .env files under a folder (not inside .git, node_modules or
  virtualenvs). Lists each credential with a suggested name, kind, platform, fields, where it
  is, whether TokenDesk already holds it, and its secret masked (at most the last 4 characters).
  --yes imports the ones not yet held, each remembered as a copy (see \`tokendesk where\`);
  running it again imports nothing. Imported personal tokens expire in 90 days (the file does
  not say); provider keys never.`,
    load: () => import('./commands/import'),
  },
  where: {
    summary: 'the files a token was written into, and what they hold now',
    usage: `tokendesk where REF [--json]
tokendesk where REF --update [--yes] [--replace]
tokendesk where REF --to-references [--yes]
tokendesk where REF --print-version PATH

  Every file entry TokenDesk wrote the token into (config write), with its state, read from
  the file now: current (holds this secret), stale (the secret TokenDesk wrote, rotated since),
  changed (holds something else: edited by someone), missing (file or entry gone), reference
  (tokendesk://NAME, no secret). Then the copies \`tokendesk scan\` found, which TokenDesk did
  not write: present, old secret (rotated since) or gone.
  --update rewrites the stale ones with the current secret, masked diffs first (asks, or
  --yes); changed ones are listed and left alone unless --replace; missing ones are not recreated.
  --to-references turns the .env copies that hold the secret — written by TokenDesk or found by
  scan, when the line's value is exactly the secret — into tokendesk:// references, masked
  diffs first; \`tokendesk run --env-file FILE -- COMMAND\` resolves them.
  --print-version PATH prints an earlier version of one of its files that TokenDesk kept (sealed).`,
    load: () => import('./commands/where'),
  },
  org: {
    summary: 'organizations and your role in them',
    usage: `tokendesk org add ORG --role owner|maintainer|member
tokendesk org list [--json]

  Owners and maintainers may add, revoke, restore, rotate and delete an organization's provider
  tokens; members may only use them.`,
    load: () => import('./commands/org'),
  },
  config: {
    summary: 'write a token into an SDK config file (shows a masked diff first)',
    usage: `tokendesk config write REF --format F [--path P] [--profile NAME] [--env-key KEY] [--yes] [--replace] [--force]
tokendesk config formats [--json]

  Prints the change as a diff with the secret masked, then writes only with --yes (or after
  answering y at a terminal prompt). The file is replaced atomically with mode 0600 and the
  previous version is kept in TokenDesk's data folder (file-backups/, the newest 5), never
  beside the file. Other entries are left byte-for-byte. An entry that holds a credential
  TokenDesk did not write there for this token is replaced only with --replace (exit 4 without).
  --format    planqk-json, qualytics-yaml, qiskit-ibm-json, aws-credentials-ini,
              hf-stored-tokens, hf-token-file or dotenv
  --path      the file to write (default: where the SDK reads it; required for dotenv);
              a relative path is taken from the current directory
  --profile   AWS profile, Qiskit account or Hugging Face stored-token name
  --env-key   the variable name for dotenv
  --force     use a revoked or expired token anyway

  Example: tokendesk config write braket-dev --format aws-credentials-ini --profile braket --yes`,
    load: () => import('./commands/config'),
  },
  env: {
    summary: 'print export lines for the SDK variables of tokens',
    usage: `tokendesk env REF... [--force]

  Prints shell-quoted \`export NAME='value'\` lines with the variables each token's SDK reads
  (e.g. PLANQK_PERSONAL_ACCESS_TOKEN, QISKIT_IBM_TOKEN, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY),
  and records each use. Example: eval "$(tokendesk env ci-runner)"`,
    load: () => import('./commands/env'),
  },
  exec: {
    summary: 'run a command with tokens\' SDK variables in its environment only',
    usage: `tokendesk exec REF... [--force] -- COMMAND [ARGS...]

  Runs COMMAND with the tokens' SDK variables (as \`tokendesk env\` prints them) added to its
  environment only, so nothing is left in your shell. Standard input and output are the
  command's; its exit code is passed through, SIGINT/SIGTERM/SIGHUP are forwarded to it, and if
  it dies of a signal, tokendesk dies of the same signal. Each use is recorded.

  Example: tokendesk exec ibm-main -- python run_job.py`,
    load: () => import('./commands/exec'),
  },
  connect: {
    summary: 'connect a platform account; its credential is read from standard input',
    usage: `tokendesk connect KIND [--url URL] [--name N] [--key-id AKIA...] [--json]

  KIND is tokendesk-hub, qualytics, planqk, kipu-hub, ibm-cloud or aws-iam. The management
  credential is read from standard input (piped, or typed at a hidden prompt) and kept in the OS
  keychain; TokenDesk first asks the platform who you are (and imports your organizations and
  roles from a hub). planqk needs none: its connection only checks tokens (POST /authorize).
  kipu-hub    not needed to check a Kipu Quantum Hub token: \`tokendesk check\` asks the Hub User
              API (GET /user-service/me) with the token alone. Its personal-access-token
              management API (list, create, delete) is not in public material (the Hub User API's
              OpenAPI page and the SDK pages name no paths for it; docs.hub.kipu-quantum.com/
              manage-access-tokens shows the web UI only), so TokenDesk cannot generate or sync
              Kipu tokens: make them on the platform (tokendesk platforms kipu-hub says where).
  ibm-cloud   an IBM Cloud API key on stdin; keys it generates are IBM Quantum provider tokens
  aws-iam     --key-id AKIA... and its secret access key on stdin; keys it generates are
              Amazon Braket provider tokens (with field aws_access_key_id)
  --url      the platform's URL; required except for ibm-cloud (https://iam.cloud.ibm.com) and
             aws-iam (AWS's endpoints), where it replaces every endpoint (tests, private ones)
  --name     the connection's name (default: KIND)

  Example: printenv HUB_TOKEN | tokendesk connect tokendesk-hub --url https://hub.example.org
           printenv IBMCLOUD_API_KEY | tokendesk connect ibm-cloud`,
    load: () => import('./commands/connect'),
  },
  connections: {
    summary: 'list platform connections (never their tokens)',
    usage: 'tokendesk connections [--json]',
    load: () => import('./commands/connections'),
  },
  generate: {
    summary: 'create a token on a connected platform, store it, print its secret once',
    usage: `tokendesk generate --connection C --name N [--expires 30d|60d|90d|1y|Nd|YYYY-MM-DD|never]
              [--scope S]... [--field K=V]... [--org ORG --service-account NAME] [--json]

  Creates the token on the platform, stores its secret in the OS keychain and prints the secret
  once, alone on standard output (the description goes to standard error), so
  TOKEN="$(tokendesk generate ...)" works. --expires defaults to 30d; never only where the
  platform allows it (IBM Cloud API keys, Qualytics; AWS access keys never expire and take no
  --expires).
  --field    kept on the token: instance=CRN for IBM Quantum, user=NAME (another IAM user) for
             AWS, service_user_id=ID for a Qualytics service account's token.
  A Qualytics token made with service_user_id is a service token: it needs --org (one you own
  or maintain) and --service-account (the account's name, as people know it).`,
    load: () => import('./commands/generate'),
  },
  sync: {
    summary: "bring tokens up to date with their platforms' status, expiry and last use",
    usage: `tokendesk sync [--connection C] [--json]

  Tokens revoked or deleted on the platform become revoked here (deleted ones are marked);
  tokens on the platform that TokenDesk does not have are listed, not imported. Exit 1 if a
  connection could not be synced.`,
    load: () => import('./commands/sync'),
  },
  check: {
    summary: 'ask the platform whether a token still works',
    usage: `tokendesk check REF [--json]

  Uses the token's connection (or the one connection of its platform). Prints works or
  rejected and records the answer; exit 0 when it works, 1 when it was rejected or the
  platform could not be asked.`,
    load: () => import('./commands/check'),
  },
}

export function helpText(): string {
  const entries: [string, string][] = [...Object.entries(COMMANDS).filter(([n]) => !n.startsWith('__')).map(([n, c]): [string, string] => [n, c.summary]), ['help', 'show help for a command: tokendesk help COMMAND']]
  const width = Math.max(...entries.map(([n]) => n.length))
  const lines = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`)
  return `Usage: tokendesk COMMAND [OPTIONS]

TokenDesk keeps API token metadata in a local database and the secrets in the OS keychain.

Commands:
${lines.join('\n')}

Options:
  --help, -h     show this help
  --version, -v  print the version

Secrets are only ever read from standard input, never from arguments.
Exit codes: 0 ok, 1 other failure (e.g. storage), 2 bad usage or invalid input,
3 not found, 4 refused by a rule or your role, 5 OS keychain unavailable.
Environment: TOKENDESK_HOME (data folder), TOKENDESK_KEYCHAIN_SERVICE (keychain service name),
TOKENDESK_KEYCHAIN_TIMEOUT_MS (keychain deadline, default 4000).
`
}

/**
 * Where to make a token by hand for the platforms TokenDesk cannot make one for (no public API),
 * from the catalog (platform-catalog.ts createAt, with their sources): the Add dialog opens the
 * same pages. Built when `help add` is shown.
 */
function createOnPlatformHelp(): string {
  const lines = CATALOG.filter((e) => e.createAt).map((e) => `    ${e.slug.padEnd(12)}${e.createAt!.url}`)
  return `\n\n  Make the token on its platform first, then paste it here (no public API to make one):\n${lines.join('\n')}`
}
