/** Who the audit log says acted, for everything the CLI does. */
export const CLI_ACTOR = 'cli'
