/** The long-running roles `rfid health` knows how to check. */
export const HEALTH_ROLES = ['api', 'ingest', 'worker'] as const;
export type HealthRole = (typeof HEALTH_ROLES)[number];

/**
 * The command of an `rfid` process from its argument vector (/proc/PID/cmdline split at NUL): the
 * first argument after the CLI's entry point; `health` itself (the checker) does not count.
 *
 * @example
 * roleOfCommandLine(['node', '--max-old-space-size=256', '/app/src/cli/main.ts', 'ingest']) // 'ingest'
 * roleOfCommandLine(['node', '/app/src/cli/main.ts', 'migrate']) // 'migrate'
 * roleOfCommandLine(['node', '/app/src/cli/main.ts', 'health']) // undefined
 */
export function roleOfCommandLine(argv: readonly string[]): string | undefined {
  const entry = argv.findIndex((arg) => arg.endsWith('/src/cli/main.ts') || arg === 'src/cli/main.ts');
  const role = entry < 0 ? undefined : argv[entry + 1];
  return role === undefined || role === '' || role.startsWith('-') || role === 'health' ? undefined : role;
}

/** True for the roles with something to ask; any other running command is healthy while it runs. */
export function isHealthRole(role: string): role is HealthRole {
  return (HEALTH_ROLES as readonly string[]).includes(role);
}
