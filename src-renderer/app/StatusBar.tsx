import { useMemo } from 'react';
import { useAppStore } from './app-store';
import { useJobsStore } from './jobs-store';
import { useKeychainRecheck } from './keychain';

/** Always visible: where the app is running, where its data lives, whether the keychain works. */
export function StatusBar() {
  const info = useAppStore((s) => s.appInfo);
  const { checking, recheck } = useKeychainRecheck();
  const jobs = useJobsStore((s) => s.jobs);
  const running = useMemo(() => Object.values(jobs).filter((j) => j.status === 'running'), [jobs]);
  const cancelJob = useJobsStore((s) => s.cancel);

  const keychain = info?.keychain;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-item keychain ${keychain ? (keychain.available ? 'ok' : 'bad') : ''}`} role="status">
        {keychain
          ? keychain.available
            ? `Keychain: ${keychain.backend} ready`
            : `Keychain unavailable: ${keychain.message}`
          : 'Checking the keychain…'}
      </span>
      {keychain && !keychain.available && (
        <button type="button" className="button subtle" onClick={() => void recheck()} disabled={checking}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      )}
      {running.map((job) => (
        <span key={job.id} className="status-item job" role="status" aria-label={`${job.title}: ${job.done} of ${job.total} tenants done`}>
          {job.title}: {job.done}/{job.total}
          <progress max={job.total} value={job.done} aria-hidden="true" />
          <button type="button" className="button subtle" onClick={() => void cancelJob(job.id)} aria-label={`Cancel ${job.title}`}>
            Cancel
          </button>
        </span>
      ))}
      <span className="status-spacer" />
      {info && (
        <>
          <span className="status-item" title={info.dataDir}>
            Data: {info.dataDir}
          </span>
          <span className="status-item">{info.shell === 'electron' ? 'Desktop' : 'Web harness'}</span>
          <span className="status-item">v{info.version}</span>
        </>
      )}
    </footer>
  );
}
