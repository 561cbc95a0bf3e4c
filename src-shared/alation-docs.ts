// Alation's own documentation for what BYOM Desk does. Opened in the OS browser (the Help menu; a
// link in the page goes through `openExternalLink`), never inside the app.
export const alationDocs = [
  { label: 'Alation Docs: BYOM Setup Guide', url: 'https://alation.github.io/agent-studio-docs/guides/models/byom-setup/' },
  { label: 'Alation Docs: LLM Configuration Guide', url: 'https://alation.github.io/agent-studio-docs/guides/models/llm-configuration/' },
] as const;
