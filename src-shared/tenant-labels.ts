// Tenant labels as filters: the one rule "does this tenant carry any of these labels", for every
// screen that narrows tenants by label (Inventory, plan targets, rotation, audit log) and for the
// scheduled sweep. Labels are free words, compared without case and without the spaces around them.

/**
 * The form two labels are compared in: trimmed and case folded. Lower, upper, then lower again, so
 * that every spelling of a letter meets ("ß", "ẞ" and "SS" all as "ss"), not only the ASCII ones.
 */
export function labelKey(label: string): string {
  return label.trim().toLowerCase().toUpperCase().toLowerCase();
}

/** The tenant carries at least one of the chosen labels; no label chosen (or only blank ones) keeps every tenant. */
export function hasAnyLabel(tenantLabels: readonly string[], chosen: readonly string[]): boolean {
  const wanted = new Set(chosen.map(labelKey).filter(Boolean));
  return wanted.size === 0 || tenantLabels.some((l) => wanted.has(labelKey(l)));
}

/** The tenants that carry any of the chosen labels, in their order. */
export function withAnyLabel<T extends { labels: readonly string[] }>(tenants: readonly T[], chosen: readonly string[]): T[] {
  return tenants.filter((t) => hasAnyLabel(t.labels, chosen));
}

/**
 * Every label some tenant carries, once each (the first spelling met wins: "EMEA" and "emea" are
 * one choice), sorted without case: what a label filter offers.
 */
export function labelChoices(tenants: readonly { labels: readonly string[] }[]): string[] {
  const byKey = new Map<string, string>();
  for (const t of tenants) {
    for (const label of t.labels) {
      const key = labelKey(label);
      if (key && !byKey.has(key)) byKey.set(key, label.trim());
    }
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}
