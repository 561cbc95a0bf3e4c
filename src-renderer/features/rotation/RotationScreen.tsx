import { RotationPanel } from './RotationPanel';
import { ScreenHeader } from '../../components/ScreenHeader';

export function RotationScreen() {
  return (
    <>
      <ScreenHeader
        title="Rotate keys"
        subtitle="Replace a key on every tenant that holds it, in one step; and know before a key expires."
      />
      <RotationPanel />
    </>
  );
}
