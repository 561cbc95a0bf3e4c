// /ai/api/v1/config/agent: the agents of Agent Studio, each naming its LLM config by id.
import { z } from 'zod';
import { notFound, pathUuid, uuidSchema, type Handler, type RequestCtx, type Route } from './context';
import { detail, json, noContent, page, parseJsonObject, parsePaging, validate, type Reply } from './http-util';
import { laterIso, newId, nowIso, type Agent, type LlmConfig, type TenantState } from './state';

/** The input schema of the docs' example agent (agent-studio-docs, external-servers.mdx). */
const MESSAGE_SCHEMA = { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] };

const agentFields = {
  description: z.string().nullish(),
  prompt: z.string().nullish(),
  llm_config_id: uuidSchema.nullish(),
  tool_config_ids: z.array(uuidSchema).nullish(),
  mcp_server_config_ids: z.array(uuidSchema).nullish(),
  input_json_schema: z.record(z.string(), z.unknown()).nullish(),
};
// Unknown fields (parameter_bindings, visibility labels, ...) are accepted and dropped.
const createSchema = z.object({ name: z.string().min(1), ...agentFields });
const patchSchema = z.object({ name: z.string().min(1).optional(), ...agentFields });

/** Why an agent cannot use this config id (400), or undefined. Built-in configs count (agents may use them). */
function llmConfigProblem(data: TenantState, id: string | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  const config = data.configs.find((c) => c.id === id.toLowerCase());
  if (!config) return `llm_config_id: LLM config ${id.toLowerCase()} does not exist`;
  if (config.is_embedding) return 'llm_config_id must reference a completion (non-embedding) LLM config';
  return undefined;
}

/** Fields of an agent as `addAgent()` takes them: anything goes, even a config id that names nothing. */
export interface AgentInput {
  name: string;
  llm_config_id: string | null;
  id?: string;
  description?: string;
  prompt?: string;
  tool_config_ids?: string[];
  mcp_server_config_ids?: string[];
  input_json_schema?: Record<string, unknown> | null;
}

export function makeAgent(input: AgentInput): Agent {
  const at = nowIso();
  return {
    id: input.id ?? newId(),
    name: input.name,
    description: input.description ?? '',
    prompt: input.prompt ?? '',
    llm_config_id: input.llm_config_id === null ? null : input.llm_config_id.toLowerCase(),
    tool_config_ids: [...(input.tool_config_ids ?? [])],
    mcp_server_config_ids: [...(input.mcp_server_config_ids ?? [])],
    input_json_schema: input.input_json_schema === undefined ? structuredClone(MESSAGE_SCHEMA) : input.input_json_schema,
    created_at: at,
    updated_at: at,
  };
}

/** Seed agents, round-robin over the seeded completion configs. */
export function seedAgents(count: number, seededConfigs: readonly LlmConfig[]): Agent[] {
  const chat = seededConfigs.filter((c) => !c.is_embedding);
  return Array.from({ length: chat.length === 0 ? 0 : count }, (_, i) =>
    makeAgent({
      name: `Seed agent ${i + 1}`,
      description: `Seeded agent number ${i + 1}`,
      prompt: 'You are a helpful assistant.',
      llm_config_id: chat[i % chat.length]!.id,
    }),
  );
}

const ids = (list: string[] | null | undefined): string[] | undefined => list?.map((id) => id.toLowerCase());

const createAgent: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(createSchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const b = parsed.value;
  const problem = llmConfigProblem(ctx.core.data, b.llm_config_id);
  if (problem) return detail(400, problem);
  const agent = makeAgent({
    name: b.name,
    llm_config_id: b.llm_config_id ?? null,
    description: b.description ?? '',
    prompt: b.prompt ?? '',
    tool_config_ids: ids(b.tool_config_ids) ?? [],
    mcp_server_config_ids: ids(b.mcp_server_config_ids) ?? [],
    ...(b.input_json_schema !== undefined ? { input_json_schema: b.input_json_schema } : {}),
  });
  ctx.core.data.agents.push(agent);
  return json(201, agent);
};

// Alation's CLI pages agents with limit and offset (config.py), and may send visibility_labels (ignored).
const listAgents: Handler = (ctx) => {
  const paging = parsePaging(ctx.query, ctx.core.opts, 'offset');
  if (!paging.ok) return paging.reply;
  return json(
    200,
    page(ctx.core.data.agents, paging.value, ctx.core.opts.listShape, (a) => structuredClone(a)),
  );
};

function findAgent(ctx: RequestCtx, rawId: string | undefined): { ok: true; agent: Agent } | { ok: false; reply: Reply } {
  const id = pathUuid(rawId ?? '', 'agent_id');
  if (!id.ok) return id;
  const agent = ctx.core.data.agents.find((a) => a.id === id.id);
  return agent ? { ok: true, agent } : { ok: false, reply: notFound('Agent') };
}

const getAgent: Handler = (ctx, [rawId]) => {
  const found = findAgent(ctx, rawId);
  return found.ok ? json(200, found.agent) : found.reply;
};

/** PATCH with only the changed fields; `null` clears the description, prompt, config (tenant default) or lists. */
const patchAgent: Handler = (ctx, [rawId]) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(patchSchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const found = findAgent(ctx, rawId);
  if (!found.ok) return found.reply;
  const p = parsed.value;
  const problem = llmConfigProblem(ctx.core.data, p.llm_config_id);
  if (problem) return detail(400, problem);
  const old = found.agent;
  const next: Agent = {
    ...old,
    name: p.name ?? old.name,
    description: p.description === undefined ? old.description : (p.description ?? ''),
    prompt: p.prompt === undefined ? old.prompt : (p.prompt ?? ''),
    llm_config_id: p.llm_config_id === undefined ? old.llm_config_id : (p.llm_config_id?.toLowerCase() ?? null),
    tool_config_ids: p.tool_config_ids === undefined ? old.tool_config_ids : (ids(p.tool_config_ids) ?? []),
    mcp_server_config_ids: p.mcp_server_config_ids === undefined ? old.mcp_server_config_ids : (ids(p.mcp_server_config_ids) ?? []),
    input_json_schema: p.input_json_schema === undefined ? old.input_json_schema : p.input_json_schema,
    updated_at: laterIso(old.updated_at),
  };
  const agents = ctx.core.data.agents;
  agents[agents.indexOf(old)] = next;
  return json(200, next);
};

const deleteAgent: Handler = (ctx, [rawId]) => {
  const found = findAgent(ctx, rawId);
  if (!found.ok) return found.reply;
  const agents = ctx.core.data.agents;
  agents.splice(agents.indexOf(found.agent), 1);
  return noContent();
};

const ONE = /^\/ai\/api\/v1\/config\/agent\/([^/]+)$/;
const ALL = /^\/ai\/api\/v1\/config\/agent$/;
export const agentRoutes: Route[] = [
  { method: 'POST', pattern: ALL, auth: true, optional: 'agentRoutes', handler: createAgent },
  { method: 'GET', pattern: ALL, auth: true, optional: 'agentRoutes', handler: listAgents },
  { method: 'GET', pattern: ONE, auth: true, optional: 'agentRoutes', handler: getAgent },
  { method: 'PATCH', pattern: ONE, auth: true, optional: 'agentRoutes', handler: patchAgent },
  { method: 'DELETE', pattern: ONE, auth: true, optional: 'agentRoutes', handler: deleteAgent },
];
