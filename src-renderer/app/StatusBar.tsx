import { useState } from 'react';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from '../state/app-store';

/** Always visible: where the app is running, where its data lives, whether the keychain works. */
export function StatusBar() {
  const info = useAppStore((s) => s.appInfo);
  const setAppInfo = useAppStore((s) => s.setAppInfo);
  const showError = useAppStore((s) => s.showError);
  const [checking, setChecking] = useState(false);

  const recheck = async () => {
    if (!info) return;
    setChecking(true);
    try {
      setAppInfo({ ...info, keychain: await bridge().checkKeychain() });
    } catch (error) {
      showError(asAppError(error));
    } finally {
      setChecking(false);
    }
  };

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
        <button type="button" className="button subtle" onClick={recheck} disabled={checking}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      )}
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
