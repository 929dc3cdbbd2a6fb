/** The long-running roles `rfid health` knows how to check. */
export const HEALTH_ROLES = ['api', 'ingest', 'worker'] as const;
export type HealthRole = (typeof HEALTH_ROLES)[number];

/**
 * The role of an `rfid` process from its argument vector (/proc/PID/cmdline split at NUL): the
 * first argument after the CLI's entry point, when it is a long-running role.
 *
 * @example
 * roleOfCommandLine(['node', '--max-old-space-size=256', '/app/src/cli/main.ts', 'ingest']) // 'ingest'
 * roleOfCommandLine(['node', '/app/src/cli/main.ts', 'migrate']) // undefined
 */
export function roleOfCommandLine(argv: readonly string[]): HealthRole | undefined {
  const entry = argv.findIndex((arg) => arg.endsWith('/src/cli/main.ts') || arg === 'src/cli/main.ts');
  if (entry < 0) return undefined;
  const role = argv[entry + 1];
  return (HEALTH_ROLES as readonly string[]).includes(role ?? '') ? (role as HealthRole) : undefined;
}
