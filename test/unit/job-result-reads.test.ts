// The page reads job results through the typed hooks (`useJobOf`, `useJobsOf`): a result is typed
// by its job's kind, so no page needs to cast one. A cast would hide a result whose shape changed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobsOf } from '../../src-renderer/app/jobs-store';
import type { JobView } from '../../src-shared/jobs';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('job results in the page', () => {
  it('are never cast: every read goes through the typed hooks', () => {
    const casts = sources('src-renderer').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\.result\??\)?\s+as\s/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(casts).toEqual([]);
  });

  it('jobsOf keeps the jobs of one kind, oldest first', () => {
    const job = (id: string, kind: JobView['kind'], startedAt: string) =>
      ({ id, kind, title: id, status: 'succeeded', revision: 1, startedAt, done: 0, total: 0, tenants: {} }) as unknown as JobView;
    const jobs = {
      b: job('b', 'connection-tests', '2025-01-02T00:00:00.000Z'),
      x: job('x', 'inventory', '2025-01-01T00:00:00.000Z'),
      a: job('a', 'connection-tests', '2025-01-01T00:00:00.000Z'),
    };
    expect(jobsOf(jobs, 'connection-tests').map((j) => j.id)).toEqual(['a', 'b']);
  });
});
