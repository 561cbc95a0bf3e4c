// The Settings form's text fields and the change they make: what the user typed is kept as typed
// until Save, then read here. Pure, so a test can check each field's reading.
import type { AppSettings, AppSettingsChange, ThemeChoice } from '../../../src-shared/app-settings';

export interface SettingsForm {
  theme: ThemeChoice;
  globalRequestCap: string;
  tenantRequestCap: string;
  typedNameEnvironments: string;
  sweepEveryHours: string;
  sweepLabels: string;
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function formFromSettings(s: AppSettings): SettingsForm {
  return {
    theme: s.theme,
    globalRequestCap: String(s.globalRequestCap),
    tenantRequestCap: String(s.tenantRequestCap),
    typedNameEnvironments: s.typedNameEnvironments.join(', '),
    sweepEveryHours: s.healthSweep.everyHours === null ? '' : String(s.healthSweep.everyHours),
    sweepLabels: s.healthSweep.labels.join(', '),
  };
}

/** A number field as typed: NaN for text that is not a number, so main's check names the field. */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The whole form as a change; main checks it and refuses all of it when one field is wrong. */
export function changeFromForm(form: SettingsForm): AppSettingsChange {
  return {
    theme: form.theme,
    globalRequestCap: numberOf(form.globalRequestCap),
    tenantRequestCap: numberOf(form.tenantRequestCap),
    typedNameEnvironments: list(form.typedNameEnvironments),
    healthSweep: {
      everyHours: form.sweepEveryHours.trim() === '' ? null : numberOf(form.sweepEveryHours),
      labels: list(form.sweepLabels),
    },
  };
}
