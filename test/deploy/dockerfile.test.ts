import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type Copy, DockerfileParser, type Env, type Instruction } from 'dockerfile-ast';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { isKnownEnvVar } from '../../src/config/known-env.ts';
import { cliProblems } from '../support/cli-commands.ts';

// Docker cannot run on this machine: the image is checked statically, instruction by instruction.
const dockerfile = DockerfileParser.parse(readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const instructions = dockerfile.getInstructions();
const ignorePatterns = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};

const KEYWORDS = [
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
];

/** The instructions of each build stage, by stage name (the last one is the image). */
function stages(): { name: string; image: string; body: Instruction[] }[] {
  const result: { name: string; image: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs()[result.length];
      result.push({ name: from?.getBuildStage() ?? String(result.length), image: from?.getImage() ?? '', body: [] });
    } else {
      result.at(-1)?.body.push(instruction);
    }
  }
  return result;
}
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
/** The JSON (exec) form of ENTRYPOINT / CMD / HEALTHCHECK CMD, as words. */
const execWords = (i: Instruction) => {
  const raw = i.getRawArgumentsContent() ?? '';
  assert.ok(raw.includes('['), `${i.getKeyword()} is in exec (JSON) form: ${raw}`);
  return JSON.parse(raw.slice(raw.indexOf('['))) as string[];
};

/** .dockerignore semantics for plain paths: a pattern names the path or a folder above it; `**` any depth. */
function isIgnored(relative: string): boolean {
  const segments = relative.replace(/^\.\//, '').split('/');
  let ignored = false;
  for (const raw of ignorePatterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const source = pattern
      .replace(/\./g, '\\.')
      .replace(/\*\*\//g, '\0')
      .replace(/\*/g, '[^/]*')
      .replace(/\0/g, '(?:.*/)?');
    const re = new RegExp(`^${source}$`);
    for (let n = 1; n <= segments.length; n++) if (re.test(segments.slice(0, n).join('/'))) ignored = !negated;
  }
  return ignored;
}

test('the Dockerfile parses into known instructions, two stages on node:24-slim', () => {
  assert.ok(instructions.length > 10);
  for (const i of instructions) assert.ok(KEYWORDS.includes(i.getKeyword()), `unknown instruction ${i.getKeyword()}`);
  assert.deepEqual(
    stages().map((s) => [s.name, s.image]),
    [
      ['builder', 'node:24-slim'],
      ['runtime', 'node:24-slim'],
    ],
  );
});

test('the image runs as a user that is not root', () => {
  const users =
    stages()
      .at(-1)
      ?.body.filter((i) => i.getKeyword() === 'USER') ?? [];
  assert.ok(users.length > 0, 'the runtime stage sets USER');
  const user = args(users.at(-1) as Instruction)[0] ?? '';
  assert.ok(!['root', '0', '0:0'].includes(user) && !user.startsWith('root:'), `USER ${user}`);
});

test('production dependencies only in the image; the console is built in the builder', () => {
  const runs = (stage: string) =>
    stages()
      .find((s) => s.name === stage)
      ?.body.filter((i) => i.getKeyword() === 'RUN')
      .map((i) => i.getArgumentsContent() ?? '') ?? [];
  assert.ok(runs('runtime').some((r) => /npm ci\b.*--omit=dev/.test(r)));
  assert.ok(!runs('runtime').some((r) => /npm run build/.test(r)), 'nothing is built in the runtime stage');
  assert.ok(runs('builder').some((r) => /npm run build:console\b/.test(r)));
  assert.ok(packageJson.scripts['build:console'], 'package.json has the build:console script');
});

test('the entrypoint is rfid (bin/rfid), its default command and the health check are rfid commands', () => {
  const runtime = stages().at(-1)?.body ?? [];
  const only = (keyword: string) => {
    const found = runtime.filter((i) => i.getKeyword() === keyword);
    assert.equal(found.length, 1, keyword);
    return found[0] as Instruction;
  };
  assert.deepEqual(execWords(only('ENTRYPOINT')), ['rfid']);
  assert.equal(packageJson.bin.rfid, 'bin/rfid');
  assert.ok(existsSync(path.join(PROJECT_ROOT, 'bin/rfid')));
  // `rfid` on PATH is the checkout's bin/rfid.
  assert.ok(runtime.some((i) => i.getKeyword() === 'RUN' && /ln -s \/app\/bin\/rfid \/usr\/local\/bin\/rfid/.test(i.getArgumentsContent() ?? '')));
  assert.deepEqual(cliProblems(execWords(only('CMD'))), []);
  const health = execWords(only('HEALTHCHECK'));
  assert.equal(health[0], 'rfid');
  assert.deepEqual(cliProblems(health.slice(1)), []);
  for (const role of [['ingest'], ['worker'], ['api'], ['migrate'], ['topics', 'ensure']]) assert.deepEqual(cliProblems(role), []);
});

test('every variable the image sets is one the configuration reads', () => {
  const envs = instructions.filter((i) => i.getKeyword() === 'ENV') as Env[];
  const names = envs.flatMap((e) => e.getProperties().map((p) => p.getName()));
  assert.ok(names.includes('HOST') && names.includes('RFID_METRICS_PORT'), names.join(' '));
  assert.deepEqual(
    names.filter((n) => !isKnownEnvVar(n)),
    [],
  );
});

test('every COPY source exists: in the build context (not ignored), or made by an earlier stage', () => {
  const all = stages();
  // What a RUN makes, for COPY --from: the lock file's dependencies and the console's build.
  const RUN_OUTPUTS: [RegExp, string][] = [
    [/\bnpm ci\b/, 'node_modules'],
    [/\bnpm run build:console\b/, 'console/dist'],
  ];
  for (const stage of all) {
    for (const copy of stage.body.filter((i) => i.getKeyword() === 'COPY')) {
      const sources = args(copy).slice(0, -1);
      assert.ok(sources.length > 0, copy.getRawArgumentsContent() ?? 'COPY');
      const fromFlag = (copy as Copy).getFromFlag()?.getValue() ?? undefined;
      for (const source of sources) {
        if (fromFlag === undefined) {
          assert.ok(existsSync(path.join(PROJECT_ROOT, source)), `${source} exists in the repository`);
          if (source !== '.') assert.ok(!isIgnored(source), `${source} is not excluded by .dockerignore`);
        } else {
          const from = all.find((s) => s.name === fromFlag);
          assert.ok(from && all.indexOf(from) < all.indexOf(stage), `stage ${fromFlag} comes before`);
          const relative = path.posix.relative('/app', source);
          const made = from.body
            .filter((i) => i.getKeyword() === 'RUN')
            .flatMap((i) => RUN_OUTPUTS.filter(([re]) => re.test(i.getArgumentsContent() ?? '')).map(([, out]) => out));
          assert.ok(made.includes(relative), `${source} is made in stage ${fromFlag} (made there: ${made.join(', ')})`);
        }
      }
    }
  }
});

test('.dockerignore keeps dependencies, tools, caches, state, git and secrets out of the context', () => {
  for (const p of ['node_modules', 'src/x/node_modules/y', '.tools', '.cache/helm-java', '.run/logs', '.git/HEAD', '.env', 'console/dist']) {
    assert.ok(isIgnored(p), `${p} is ignored`);
  }
  for (const p of ['src/cli/main.ts', 'bin/rfid', 'package-lock.json', '.env.example']) assert.ok(!isIgnored(p), `${p} is kept`);
});
