/** Small process helpers for the local stack: pid files that name exactly what we started. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLoopbackHost } from '../config/api-config.ts';

/** One rule for "only this machine can reach it" (config/api-config.ts). */
export { isLoopbackHost };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The pid in `file` when that process is alive and its command line contains `marker`. */
export function livePid(file: string, marker: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (!isAlive(pid) || !commandLine(pid).includes(marker)) return undefined;
  return pid;
}

export function writePid(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves when the process is gone. */
export async function stopProcess(pid: number, graceMs = 30_000): Promise<'terminated' | 'killed'> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'terminated';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, collecting its output (for short set-up commands only). */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    child.on('error', (error) => resolve({ code: 127, stdout, stderr: stderr + String(error) }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function hasCommand(command: string): Promise<boolean> {
  return (await run('sh', ['-c', `command -v ${command}`])).code === 0;
}

let aptUpdated = false;
/**
 * Installs a Debian package when `command` is missing (the machines are Debian and we are root).
 * Returns false when it could not be installed, so the caller can say what to do.
 */
export async function ensureDebianCommand(command: string, debianPackage: string, log: (line: string) => void): Promise<boolean> {
  if (await hasCommand(command)) return true;
  if (!(await hasCommand('apt-get'))) return false;
  log(`installing ${debianPackage} (apt-get) for ${command}...`);
  if (!aptUpdated) {
    await run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  const result = await run('apt-get', ['install', '-y', '-qq', debianPackage], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.code !== 0) log(result.stderr.trim().split('\n').slice(-3).join('\n'));
  return hasCommand(command);
}
