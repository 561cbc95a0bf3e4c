import { EmptyState, ScreenHeader } from './ScreenHeader';

export function SetupScreen() {
  return (
    <>
      <ScreenHeader title="Setup" subtitle="Add a model provider to a tenant." />
      <EmptyState heading="Provider setup is not built yet">
        <p>
          This is where you will pick a tenant, enter a provider's credentials (OpenAI, Anthropic, OpenAI-compatible, AWS
          Bedrock, Azure OpenAI, Google Gemini or Vertex AI), validate them, choose models and name them.
        </p>
      </EmptyState>
    </>
  );
}
