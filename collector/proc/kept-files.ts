import { KeptFile, readText } from './read';

/**
 * Descriptors kept open for files whose paths come and go with what they
 * describe (a container's cgroup files, its init process's net/dev): read by
 * path like readText, but each re-read is one pread instead of open, read,
 * read and close. `sweep()` after each sample closes the files that sample did
 * not read, so a stopped container's cgroup or network namespace is not held
 * open (an open cgroup file keeps a removed cgroup's memory in the kernel).
 *
 * A removed cgroup file or a dead process's net/dev answers a kept
 * descriptor with an error (ENODEV, ESRCH), so "gone" is seen at once. A
 * removed regular file stays readable through one: tests whose fixtures are
 * regular files that they delete pass `keep: false`, and each read opens the
 * path afresh.
 */
export class KeptFiles {
  private readonly files = new Map<string, { file: KeptFile; read: boolean }>();

  constructor(private readonly keep = true) {}

  /** `read` of single-record files as a function made once (what readCgroup takes), not a closure per call. */
  readonly reader = (path: string): string | null => this.read(path);

  /**
   * The file's text, or null when it is gone. `singleRecord`: the kernel renders it in one piece (cgroup
   * files, one-value sysfs files), so a short read is all of it; multi-record files (net/dev) are read to the end.
   */
  read(path: string, singleRecord = true): string | null {
    if (!this.keep) return readText(path);
    let entry = this.files.get(path);
    if (!entry) {
      entry = { file: new KeptFile(path, singleRecord), read: false };
      this.files.set(path, entry);
    }
    entry.read = true;
    const text = entry.file.read();
    if (text === null) {
      entry.file.close();
      this.files.delete(path);
    }
    return text;
  }

  /** Keeps a file open through the next sweep without reading it (one read less costly sometimes). */
  touch(path: string): void {
    const entry = this.files.get(path);
    if (entry) entry.read = true;
  }

  /** Closes every file not read (or touched) since the last sweep. */
  sweep(): void {
    for (const [path, entry] of this.files) {
      if (entry.read) entry.read = false;
      else {
        entry.file.close();
        this.files.delete(path);
      }
    }
  }

  /** How many descriptors are open (tests check that a stopped container's are closed). */
  get open(): number {
    return this.files.size;
  }

  close(): void {
    for (const { file } of this.files.values()) file.close();
    this.files.clear();
  }
}
