/**
 * The one way the `arielsim` commands write files. A command names its inputs and its outputs
 * before it does any work; `planOutputs` then checks every output at once:
 *
 * - an output that is one of the inputs, or another output of the same command (the same file
 *   after following symlinks, or a hard link to it) is refused: `io/output-is-input`,
 *   `io/output-twice`;
 * - an output must be a new file, a regular file, a character device or a FIFO; a directory, a
 *   block device or a socket is refused;
 * - the directory that will hold a file must exist as a directory (or be creatable) and accept a
 *   new file: a probe file is created and removed there, so /proc, /sys, a read-only file system or
 *   a path under a regular file fail now, in milliseconds, not after a simulation.
 *
 * `OutputPlan.commit` writes the outputs at the end: every file output first goes to a temporary
 * file beside its target (the real file behind a symlink, so the symlink stays and is written
 * through), then character devices and FIFOs are written through (never replaced), and only then
 * are the temporary files renamed over their targets. Any failure removes what this run created
 * (temporary files, new directories, new outputs already renamed) and becomes an `io/...`
 * diagnostic with the path; nothing is left half-written. An existing file that was already
 * replaced when a later rename fails stays replaced (renames in one directory do not fail in
 * practice once the probe and the temporary file succeeded).
 */
import {
  closeSync,
  chmodSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  accessSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DiagnosticError, type Diagnostic } from '../common/diagnostics.js';

/** A file a command reads or writes, and how the user named it (`--output`, `<model>`, ...). */
export interface NamedPath {
  path: string;
  what: string;
}

/** How an output receives its bytes. */
type OutputKind =
  /** Does not exist yet (a dangling symlink's target counts): created by rename. */
  | 'new'
  /** An existing regular file: replaced by rename, keeping its permission bits. */
  | 'file'
  /** A character device or a FIFO: opened and written, never replaced. */
  | 'stream';

interface PlannedOutput extends NamedPath {
  kind: OutputKind;
  /** The absolute path that receives the bytes, symlinks followed. */
  target: string;
  /** Directories to create before writing, outermost first (absolute, real). */
  missingDirs: string[];
  /** Permission bits of the file being replaced. */
  mode?: number;
}

/** errno codes as the diagnostics name them, with their `strerror` text. */
const ERRNO: Record<string, { code: string; text: string }> = {
  EACCES: { code: 'io/permission-denied', text: 'permission denied' },
  EPERM: { code: 'io/permission-denied', text: 'operation not permitted' },
  EROFS: { code: 'io/read-only', text: 'read-only file system' },
  EISDIR: { code: 'io/is-a-directory', text: 'is a directory' },
  ENOTDIR: { code: 'io/not-a-directory', text: 'a component of the path is not a directory' },
  ENOSPC: { code: 'io/no-space', text: 'no space left on device' },
  EDQUOT: { code: 'io/no-space', text: 'disk quota exceeded' },
  EFBIG: { code: 'io/no-space', text: 'file too large' },
  ELOOP: { code: 'io/symlink-loop', text: 'too many levels of symbolic links' },
  ENAMETOOLONG: { code: 'io/bad-path', text: 'file name too long' },
  ENOENT: { code: 'io/not-writable', text: 'no such file or directory' },
  EEXIST: { code: 'io/write-failed', text: 'file exists' },
  EIO: { code: 'io/write-failed', text: 'input/output error' },
};

/** A filesystem error as a diagnostic: `doing` says what failed, e.g. "cannot create files in /x". */
export function ioDiagnostic(e: unknown, where: string, doing: string): Diagnostic {
  const errno = (e as NodeJS.ErrnoException).code ?? '';
  const known = ERRNO[errno];
  const text = known?.text ?? (e as Error).message;
  return {
    code: known?.code ?? 'io/write-failed',
    where,
    message: `${doing}: ${text}${errno ? ` (${errno})` : ''}`,
  };
}

/** Identity of an existing file: device and inode, so hard links and symlinks compare equal. */
function fileId(s: Stats): string {
  return `inode ${s.dev}:${s.ino}`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A short unique suffix for temporary and probe files. */
function uniqueSuffix(): string {
  return `${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
}

/** Follows a dangling symlink chain to the path that does not exist yet. */
function danglingTarget(abs: string): string {
  let p = abs;
  for (let hops = 0; hops < 40; hops++) {
    let l: Stats;
    try {
      l = lstatSync(p);
    } catch {
      return p;
    }
    if (!l.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error('symlink loop'), { code: 'ELOOP' });
}

/** Checks one output and works out where and how its bytes will go. */
function locate(out: NamedPath): PlannedOutput {
  const abs = resolve(out.path);
  const existing = statOrUndefined(abs);
  if (existing !== undefined) {
    if (existing.isDirectory())
      throw new DiagnosticError({
        code: 'io/is-a-directory',
        where: out.path,
        message: `${out.what} is a directory; give a file name`,
      });
    if (existing.isCharacterDevice() || existing.isFIFO())
      return { ...out, kind: 'stream', target: abs, missingDirs: [] };
    if (!existing.isFile()) {
      const found = existing.isBlockDevice() ? 'a block device' : 'a socket or special file';
      throw new DiagnosticError({
        code: 'io/not-a-file',
        where: out.path,
        message: `${out.what} is ${found}; arielsim writes regular files, character devices and FIFOs only`,
      });
    }
    const target = realpathSync(abs);
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      throw new DiagnosticError(ioDiagnostic(e, out.path, `${out.what} is not writable`));
    }
    probeDirectory(dirname(target), out);
    return { ...out, kind: 'file', target, missingDirs: [], mode: existing.mode & 0o7777 };
  }
  const wanted = danglingTarget(abs);
  const missing: string[] = [];
  let dir = dirname(wanted);
  for (;;) {
    const s = statOrUndefined(dir);
    if (s !== undefined) {
      if (!s.isDirectory())
        throw new DiagnosticError({
          code: 'io/not-a-directory',
          where: out.path,
          message: `cannot create ${out.what} under ${dir}: it is not a directory`,
        });
      break;
    }
    missing.unshift(basename(dir));
    dir = dirname(dir);
  }
  const realDir = realpathSync(dir);
  const missingDirs = missing.map((_, i) => join(realDir, ...missing.slice(0, i + 1)));
  const target = join(realDir, ...missing, basename(wanted));
  probeDirectory(realDir, out);
  return { ...out, kind: 'new', target, missingDirs };
}

/** Creates and removes a file in `dir`: proves now that the output can be created there later. */
function probeDirectory(dir: string, out: NamedPath): void {
  const probe = join(dir, `.arielsim-probe.${uniqueSuffix()}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx');
  } catch (e) {
    const d = ioDiagnostic(e, out.path, `cannot create ${out.what} in ${dir}`);
    // The directory exists, yet creating a file in it says ENOENT: a pseudo file system (/proc).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      d.message = `cannot create ${out.what} in ${dir}: that file system does not allow new files (ENOENT)`;
    throw new DiagnosticError(d);
  }
  closeSync(fd);
  unlinkSync(probe);
}

/**
 * Checks every output of a command against its inputs and each other, and that each can be
 * written; all problems are reported together. Call it before any work.
 */
export function planOutputs(
  outputs: readonly NamedPath[],
  inputs: readonly NamedPath[],
): OutputPlan {
  const problems: Diagnostic[] = [];
  const owners = new Map<string, NamedPath & { stream?: boolean }>();
  for (const input of inputs) {
    const s = statOrUndefined(resolve(input.path));
    if (s !== undefined && !owners.has(fileId(s))) owners.set(fileId(s), input);
  }
  const inputIds = new Set(owners.keys());
  const planned: PlannedOutput[] = [];
  for (const out of outputs) {
    let p: PlannedOutput;
    try {
      p = locate(out);
    } catch (e) {
      if (e instanceof DiagnosticError) problems.push(...e.diagnostics);
      else problems.push(ioDiagnostic(e, out.path, `cannot write ${out.what}`));
      continue;
    }
    const s = p.kind === 'new' ? undefined : statSync(p.target);
    const id = s === undefined ? `path ${p.target}` : fileId(s);
    const owner = owners.get(id);
    if (owner !== undefined && inputIds.has(id)) {
      problems.push({
        code: 'io/output-is-input',
        where: out.path,
        message: `${out.what} is the ${owner.what} ${owner.path}; refusing to overwrite an input`,
      });
      continue;
    }
    // Two outputs into one device or FIFO (e.g. both to /dev/null) harm nothing; into one file, the
    // second would silently replace the first.
    if (owner !== undefined && !(owner.stream && p.kind === 'stream')) {
      problems.push({
        code: 'io/output-twice',
        where: out.path,
        message: `${out.what} is the same file as ${owner.what} ${owner.path}`,
      });
      continue;
    }
    owners.set(id, { ...out, stream: p.kind === 'stream' });
    planned.push(p);
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return new OutputPlan(planned);
}

/** True when `path` is (or links to) a character device or a FIFO: written through, not replaced. */
export function isStream(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isCharacterDevice() || s.isFIFO();
  } catch {
    return false;
  }
}

export class OutputPlan {
  constructor(private readonly planned: readonly PlannedOutput[]) {}

  /**
   * Writes the outputs given in `contents` (keyed by the planned path as the command named it);
   * planned outputs left out are not written. Returns the paths written, in plan order.
   */
  commit(contents: ReadonlyMap<string, Uint8Array | string>): string[] {
    const jobs = this.planned.filter((p) => contents.has(p.path));
    const createdDirs: string[] = [];
    const staged: { job: PlannedOutput; tmp: string }[] = [];
    const renamed: PlannedOutput[] = [];
    const undo = () => {
      for (const s of staged) rmSync(s.tmp, { force: true });
      for (const job of renamed) if (job.kind === 'new') rmSync(job.target, { force: true });
      for (const dir of createdDirs.reverse()) {
        try {
          rmdirSync(dir);
        } catch {
          // not empty: something else put a file there meanwhile; leave it
        }
      }
    };
    let current: PlannedOutput | undefined;
    let doing = '';
    try {
      for (const job of jobs.filter((j) => j.kind !== 'stream')) {
        current = job;
        for (const dir of job.missingDirs) {
          doing = `cannot create the directory ${dir}`;
          if (statOrUndefined(dir)?.isDirectory()) continue;
          mkdirSync(dir);
          createdDirs.push(dir);
        }
        const tmp = join(dirname(job.target), `.${basename(job.target)}.${uniqueSuffix()}.tmp`);
        doing = `cannot write ${job.what}`;
        writeFileSync(tmp, contents.get(job.path)!, { flag: 'wx', mode: job.mode ?? 0o666 });
        staged.push({ job, tmp });
        if (job.mode !== undefined) chmodSync(tmp, job.mode);
      }
      for (const job of jobs.filter((j) => j.kind === 'stream')) {
        current = job;
        doing = `cannot write ${job.what}`;
        // O_WRONLY without O_CREAT or O_TRUNC: the device or FIFO itself, never a new file.
        const fd = openSync(job.target, constants.O_WRONLY);
        try {
          writeFileSync(fd, contents.get(job.path)!);
        } finally {
          closeSync(fd);
        }
      }
      while (staged.length > 0) {
        const { job, tmp } = staged[0]!;
        current = job;
        doing = `cannot write ${job.what}`;
        renameSync(tmp, job.target);
        staged.shift();
        renamed.push(job);
      }
    } catch (e) {
      undo();
      throw new DiagnosticError(ioDiagnostic(e, current?.path ?? '', doing));
    }
    return jobs.map((j) => j.path);
  }
}
