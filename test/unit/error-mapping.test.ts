// What a person reads when a tenant call fails, and what the app decides from it (retry, look for a
// write that landed), for each kind of answer and each way a call can get none. The HTTP round trips
// in alation-errors.test.ts prove the client uses this mapping; these call it directly, with no socket.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  badBody,
  bodyTexts,
  cancelledError,
  errorCode,
  fieldIssues,
  httpError,
  isCancelled,
  isQuotaRefusal,
  isTransientNetwork,
  mayHaveReachedTenant,
  parseAnswer,
  serverMessage,
  timeoutError,
  transportError,
  type HttpErrorContext,
  type RawResponse,
  type Sanitize,
} from '../../src-main/alation/errors';
import { AppError } from '../../src-shared/errors';

const SECRET = 'sk-proj-echoed-provider-key-123456';
/** Like the client's: blanks a known secret, caps the length. */
const sanitize: Sanitize = (text, limit = 300) => text.replaceAll(SECRET, '[redacted]').slice(0, limit);

const site = { method: 'DELETE', path: '/ai/api/v1/llm_credentials/c1', host: 'acme.alationcloud.com:443' };
const context: HttpErrorContext = { ...site, sanitize, unauthorized: 'The API access token was refused: create a new one.' };

function answer(status: number, body: unknown = '', headers: RawResponse['headers'] = {}): RawResponse {
  const isText = typeof body === 'string';
  return {
    status,
    headers: isText ? headers : { 'content-type': 'application/json', ...headers },
    text: isText ? body : JSON.stringify(body),
  };
}

const mapped = (res: RawResponse, c: Partial<HttpErrorContext> = {}) => httpError(res, { ...context, ...c });

describe('an HTTP refusal says what went wrong and what to do', () => {
  it('a 401 says what the profile’s sign-in needs, and what the tenant said', () => {
    const e = mapped(answer(401, { detail: 'Token expired' }));
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe('The API access token was refused: create a new one. The tenant said: "Token expired"');
    expect(e.details).toEqual({ status: 401, method: 'DELETE', path: site.path, serverMessage: 'Token expired' });
  });

  it('a 403 names the call and the permission to ask for', () => {
    const e = mapped(answer(403, { detail: 'Not a server admin' }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain(`refused DELETE ${site.path} (403 Forbidden)`);
    expect(e.message).toContain('Server Admin rights');
    expect(e.message).toMatch(/The tenant said: "Not a server admin"$/);
  });

  it('a 404 suggests a refresh, and keeps the tenant’s words', () => {
    const e = mapped(answer(404, { detail: 'Credential not found' }));
    expect(e.code).toBe('not_found');
    expect(e.message).toMatch(/^Not found: DELETE \/ai\/api\/v1\/llm_credentials\/c1 \(404\)\. .*refresh/);
    expect(e.message).toContain('If everything answers 404, check the tenant URL and that Alation AI is enabled on the tenant.');
    expect(e.details?.serverMessage).toBe('Credential not found');
  });

  it('a 409 says the tenant’s reason and keeps the configs that still use the credential', () => {
    const e = mapped(answer(409, { detail: 'Still referenced', llm_config_ids: ['cfg-1', 7, `cfg-${SECRET}`] }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(`The tenant refused DELETE ${site.path} because of a conflict: Still referenced`);
    expect(e.details?.referencedBy).toEqual(['cfg-1', 'cfg-[redacted]']);
  });

  it('a 409 with no reason says something still depends on it, and names no configs it was not told of', () => {
    const e = mapped(answer(409, ''));
    expect(e.message).toContain('(409): something still depends on it. Refresh, resolve the dependency');
    expect(e.details).not.toHaveProperty('referencedBy');
  });

  it('a 400 or 422 with a reason but no fields says the reason; with neither, that none was given', () => {
    expect(mapped(answer(400, { detail: 'base_url must be https' })).message).toBe(
      'The tenant rejected the request: base_url must be https',
    );
    const silent = mapped(answer(422, ''));
    expect(silent.code).toBe('validation');
    expect(silent.message).toBe(`The tenant rejected DELETE ${site.path} (422) without saying why.`);
  });

  it('a 422 with field issues lists the first three and counts the rest', () => {
    const detail = ['name', 'provider', 'model', 'base_url', 'region'].map((f) => ({ loc: ['body', f], msg: `${f} is wrong` }));
    const e = mapped(answer(422, { detail }));
    expect(e.code).toBe('validation');
    expect(e.message).toBe(
      'The tenant rejected the request: name: name is wrong; provider: provider is wrong; model: model is wrong (and 2 more).',
    );
    expect(e.details?.fields).toHaveLength(5);
    const three = mapped(answer(422, { detail: detail.slice(0, 3) }));
    expect(three.message).toBe('The tenant rejected the request: name: name is wrong; provider: provider is wrong; model: model is wrong.');
  });

  it('a field issue about the whole request shows just its message', () => {
    const e = mapped(answer(400, { detail: [{ loc: [], msg: 'Body is empty' }] }));
    expect(e.message).toBe('The tenant rejected the request: Body is empty.');
  });

  it.each([405, 501])('a %i says the tenant’s Alation may be too old for the call', (status) => {
    const e = mapped(answer(status, { detail: 'Method Not Allowed' }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toBe(
      `This tenant does not support DELETE ${site.path} (${status}). Its Alation version may be older than the AI API this app uses.`,
    );
  });

  it('a 429 for a spent quota says retrying will not help, and is marked so', () => {
    const e = mapped(answer(429, { error: 'QuotaExceeded', message: 'Monthly LLM quota exceeded' }));
    expect(e.code).toBe('server');
    expect(e.message).toContain('a quota or entitlement of this tenant is used up (429). Retrying will not help');
    expect(e.message).toMatch(/The tenant said: "QuotaExceeded: Monthly LLM quota exceeded"$/);
    expect(e.details?.quota).toBe(true);
  });

  it('a 429 that limits the rate says to wait, and how many retries were spent', () => {
    const e = mapped(answer(429, { detail: 'Slow down' }), { retries: 3 });
    expect(e.code).toBe('server');
    expect(e.message).toBe(
      'The tenant is limiting requests (429 Too Many Requests) and still was after 3 retries. Wait a minute and try again.',
    );
    expect(e.details).not.toHaveProperty('quota');
    expect(mapped(answer(429, '')).message).toBe('The tenant is limiting requests (429 Too Many Requests). Wait a minute and try again.');
  });

  it('a 5xx says to try later, with the retries spent and the tenant’s words', () => {
    const e = mapped(answer(503, { message: 'Upstream down' }), { retries: 2 });
    expect(e.code).toBe('server');
    expect(e.message).toBe(
      `The tenant failed to handle DELETE ${site.path} (503) after 2 retries. Try again later; if it persists, ` +
        'the tenant admin should check the Alation AI service. The tenant said: "Upstream down"',
    );
    expect(mapped(answer(500, '')).message).toMatch(/^The tenant failed to handle DELETE \S+ \(500\)\. Try again later/);
  });

  it('any other refusal is the request’s fault, with its status', () => {
    const e = mapped(answer(418, ''));
    expect(e.code).toBe('validation');
    expect(e.message).toBe(`The tenant rejected DELETE ${site.path} (418).`);
    expect(e.details).toEqual({ status: 418, method: 'DELETE', path: site.path });
  });

  it('a secret the tenant echoes back never reaches the message or the details', () => {
    for (const status of [400, 401, 403, 404, 409, 429, 500]) {
      const e = mapped(answer(status, { detail: `bad key ${SECRET}` }));
      expect(JSON.stringify(e.toShape()), String(status)).not.toContain(SECRET);
    }
  });
});

describe('an answer that is not the AI API’s', () => {
  it.each([
    ['a proxy’s error page', answer(502, '<html><body>Bad gateway</body></html>')],
    ['a page typed as HTML', answer(500, 'Internal error', { 'content-type': 'Text/HTML; charset=utf-8' })],
    ['a doctype after blank lines', answer(503, '\n  <!DOCTYPE html><title>Maintenance</title>')],
    ['an XML page', answer(500, '<?xml version="1.0"?><error/>')],
    [
      'nginx refusing plain http on its https port',
      answer(400, '<html><head><title>400 The plain HTTP request was sent to HTTPS port</title>'),
    ],
  ])('%s says a proxy or login page may be in the way', (_what, res) => {
    const e = mapped(res);
    expect(e.code).toBe('bad_response');
    expect(e.message).toBe(
      `The tenant answered DELETE ${site.path} with an HTML page (status ${res.status}) instead of the AI API's JSON. A proxy, ` +
        "gateway or login page may be in the way, or the URL is not the tenant's address. " +
        'Check the tenant URL; if it is right, try again later.',
    );
  });

  it('an HTML page is never mistaken for a 401 or 403 that would blame the token', () => {
    expect(mapped(answer(401, '<html>Sign in</html>')).code).toBe('unauthorized');
    expect(mapped(answer(404, '<html>Not here</html>')).code).toBe('bad_response');
  });

  it.each([300, 302, 399])('a %i to a login page is called a redirect', (status) => {
    const e = mapped(answer(status, '<html>Moved</html>', { location: 'https://sso.example.com/login' }));
    expect(e.message).toContain('with a redirect instead of the AI API');
  });

  it('a JSON answer that quotes HTML is still the tenant’s own words', () => {
    const e = mapped(answer(500, { detail: 'Template error near <html> tag' }));
    expect(e.code).toBe('server');
    expect(e.details?.serverMessage).toBe('Template error near <html> tag');
  });

  it('a redirect says where it points, only when that is another host, and never its query', () => {
    const to = (location: string | string[] | undefined) => mapped(answer(301, '', { location })).message;
    expect(to('https://sso.example.com/login?token=abc')).toContain('(301 to sso.example.com)');
    expect(to('https://sso.example.com/login?token=abc')).not.toContain('token=abc');
    expect(to(['https://b.example.com/', 'https://c.example.com/'])).toContain('(301 to b.example.com)');
    expect(to('/ai/api/v1/llm_credentials/')).toContain('with a redirect (301). BYOM Desk follows only one 307 or 308');
    expect(to(undefined)).toContain('with a redirect (301).');
    expect(mapped(answer(300, '', { location: 'https://b.example.com/' })).message).toContain('with a redirect (300 to b.example.com)');
    expect(to('http://[not a host')).toContain('with a redirect (301).');
  });

  it('a body that is text, not JSON, is not read as the tenant’s words', () => {
    const e = mapped(answer(500, 'oops'));
    expect(e.details).not.toHaveProperty('serverMessage');
  });
});

describe('the tenant’s own words', () => {
  it.each([
    ['a detail string, trimmed', { detail: '  Name taken  ' }, 'Name taken'],
    ['a detail object FastAPI nests', { detail: { message: 'Nested reason' } }, 'Nested reason'],
    ['an OAuth error description', { error: 'invalid_grant', error_description: 'Refresh token expired' }, 'Refresh token expired'],
    ['error and message, as Alation’s SDK reads them', { error: 'Conflict', message: 'Name taken' }, 'Conflict: Name taken'],
    ['a message that already names its error, once', { error: 'Conflict', message: 'Conflict: name taken' }, 'Conflict: name taken'],
    ['a message alone', { message: 'Only a message' }, 'Only a message'],
    ['an error alone', { error: 'Only an error' }, 'Only an error'],
    ['a blank detail passed over', { detail: '   ', message: 'The real reason' }, 'The real reason'],
    ['a nested detail with nothing to say passed over', { detail: { code: 7 }, error: 'Outer' }, 'Outer'],
  ])('%s', (_what, body, expected) => {
    expect(serverMessage(body, sanitize)).toBe(expected);
  });

  it.each([
    ['nothing said', {}],
    ['a list', ['a reason']],
    ['text', 'a reason'],
    ['null', null],
    ['blank words', { error: ' ', message: '' }],
  ])('none from %s', (_what, body) => {
    expect(serverMessage(body, sanitize)).toBeUndefined();
  });

  it('are capped in length, so a page of text never fills the screen', () => {
    expect(serverMessage({ detail: 'x'.repeat(1000) }, sanitize)).toHaveLength(300);
  });
});

describe('field issues', () => {
  it('FastAPI’s list names each field without the part of the request it was in, and never reads the echoed input', () => {
    const body = {
      detail: [
        { loc: ['body', 'credential', 'api_key'], msg: 'Field required', input: SECRET, ctx: { given: SECRET } },
        { loc: ['query', 'limit'], msg: 'Too large' },
        { loc: ['name'], msg: 'Too long' },
        { loc: ['path', 'credential_id'], msg: 'Not a UUID' },
        { loc: ['header', 'authorization'], msg: 'Missing' },
        { loc: ['cookie', 'csrftoken'], msg: 'Missing' },
        { loc: 'body', msg: 'Body is wrong' },
        { loc: ['body', 'x'] },
        'not an issue',
        null,
      ],
    };
    expect(fieldIssues(body, sanitize)).toEqual([
      { path: 'credential.api_key', message: 'Field required' },
      { path: 'limit', message: 'Too large' },
      { path: 'name', message: 'Too long' },
      { path: 'credential_id', message: 'Not a UUID' },
      { path: 'authorization', message: 'Missing' },
      { path: 'csrftoken', message: 'Missing' },
      { path: '', message: 'Body is wrong' },
      { path: 'x', message: 'Invalid value' },
    ]);
  });

  it('keeps the values the tenant accepts, whole, from its list or from the end of its message', () => {
    const long = `model-${'x'.repeat(400)}`;
    const [fromCtx, fromMessage, fromFeatureKeys, unspaced, dotted] = fieldIssues(
      {
        detail: [
          { loc: ['body', 'feature_key'], msg: 'Invalid key', ctx: { valid_keys: ['chat', 3, long] } },
          { loc: ['body', 'feature_key'], msg: "Unknown key 'x'. Valid keys: 'chat', \"sql\", `search`." },
          { loc: ['body', 'feature_key'], msg: 'Unknown key. valid feature keys are: agents, ,catalog' },
          { loc: ['body', 'feature_key'], msg: 'Unknown key. Valid keys:chat,sql' },
          { loc: ['body', 'model'], msg: "Unknown model. Valid keys: gpt-4.1, claude-3.5, 'team's-chat'." },
        ],
      },
      sanitize,
    )!;
    expect(fromCtx!.allowed).toEqual(['chat', long]);
    expect(fromMessage!.allowed).toEqual(['chat', 'sql', 'search']);
    expect(fromFeatureKeys!.allowed).toEqual(['agents', 'catalog']);
    expect(unspaced!.allowed).toEqual(['chat', 'sql']);
    expect(dotted!.allowed).toEqual(['gpt-4.1', 'claude-3.5', "team's-chat"]);
  });

  it('a message that lists no values offers none', () => {
    const [issue] = fieldIssues(
      {
        detail: [
          { loc: ['body', 'k'], msg: 'Valid keys: , ' },
          { loc: ['body', 'k'], msg: 'Bad key' },
        ],
      },
      sanitize,
    )!;
    expect(issue).not.toHaveProperty('allowed');
  });

  it('a Django-style object of field messages becomes one issue per field', () => {
    expect(fieldIssues({ name: ['This field is required.'], base_url: ['Enter a valid URL.', 'Use https.'] }, sanitize)).toEqual([
      { path: 'name', message: 'This field is required.' },
      { path: 'base_url', message: 'Enter a valid URL. Use https.' },
    ]);
  });

  it.each([
    ['an empty list', { detail: [] }],
    ['a list of non-issues', { detail: ['a', 1] }],
    ['a detail string', { detail: 'Bad request' }],
    ['an object that is not all messages', { name: ['Required'], count: 3 }],
    ['an object with a non-text message among its messages', { name: ['Required', 1] }],
    ['an empty object', {}],
    ['a list body', [['a']]],
    ['text', 'Bad request'],
    ['null', null],
  ])('none from %s', (_what, body) => {
    expect(fieldIssues(body, sanitize)).toBeUndefined();
  });
});

describe('quota refusals', () => {
  it.each([
    [{ detail: 'Entitlement for AI not active' }, true],
    [{ detail: { message: 'QUOTA reached' } }, true],
    [{ error: 'quota_exceeded' }, true],
    [{ message: 'Entitlement missing' }, true],
    [{ error: 'rate limited' }, false],
    [null, false],
    [{ detail: null, error: 'Quota exceeded' }, true],
    ['quota', false],
  ])('%j is a quota refusal: %s', (body, expected) => {
    expect(isQuotaRefusal(answer(429, body))).toBe(expected);
  });

  it('are looked for in what the body says at its top and in the detail it nests, nothing else', () => {
    const body = { error: 'Quota', message: 7, code: 'quota', detail: { message: 'entitlement missing', detail: null } };
    expect(bodyTexts(body, ['error', 'message'])).toEqual(['Quota', 'entitlement missing']);
    expect(bodyTexts('quota', ['error'])).toEqual([]);
  });

  it('only a 429 is one', () => {
    expect(isQuotaRefusal(answer(403, { detail: 'quota exceeded' }))).toBe(false);
  });
});

describe('a success whose body is not what the API documents', () => {
  const schema = z.object({ id: z.string(), name: z.string() });
  const ok = (text: string, headers: RawResponse['headers'] = {}): RawResponse => ({ status: 200, headers, text });
  const refusal = (res: RawResponse, expected: z.ZodType = schema) => {
    try {
      parseAnswer(res, expected, site);
    } catch (e) {
      return e as AppError;
    }
    throw new Error('parsed');
  };

  it('is read when it is', () => {
    expect(parseAnswer(ok('{"id":"c1","name":"prod","extra":1}'), schema, site)).toEqual({ id: 'c1', name: 'prod' });
  });

  it('an HTML page says to check the URL', () => {
    const e = refusal(ok('<html>Sign in</html>'));
    expect(e.code).toBe('bad_response');
    expect(e.message).toBe(
      `The tenant answered DELETE ${site.path} with an HTML page instead of JSON. A proxy or login page ` +
        "may be in the way, or the URL is not the tenant's address: check the tenant URL.",
    );
  });

  it('an empty body says data was expected', () => {
    expect(refusal(ok('  \n')).message).toBe(
      `The tenant answered DELETE ${site.path} with an empty body where data was expected. ` +
        "Try again; if it persists, the tenant's AI service may be misbehaving.",
    );
  });

  it('cut-off JSON says a proxy may be truncating answers', () => {
    expect(refusal(ok('{"id":"c1",')).message).toContain('is not valid JSON (it may have been cut off)');
  });

  it('the wrong shape names the first field at fault, never its value, and keeps up to five issues', () => {
    const e = refusal(ok(JSON.stringify({ id: SECRET, name: 5 })));
    expect(refusal(ok('{}')).details?.issues).toHaveLength(2);
    expect(e.message).toMatch(/does not have the expected shape \(name: .+\)\. The tenant may run an Alation version/);
    expect(JSON.stringify(e.toShape())).not.toContain(SECRET);
    const wide = z.object(Object.fromEntries('abcdefg'.split('').map((k) => [k, z.string()])));
    expect(refusal(ok('{}'), wide).details?.issues).toHaveLength(5);
  });

  it('the wrong shape at the top level says only what is wrong', () => {
    expect(badBody(ok('[]'), site, 'shape', [{ path: '', message: 'Expected object' }]).message).toContain(
      'expected shape (Expected object).',
    );
    expect(badBody(ok('[]'), site, 'shape').message).toContain('does not have the expected shape. The tenant');
  });
});

describe('a call that got no answer', () => {
  const failureWith = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

  // Every code a call with no answer can fail with (most never happen against the fake tenant, all do
  // in the field), as undici gives it (inside its generic socket error): what the person reads, whether
  // the next try may get through, and whether a write may still have landed on the tenant.
  const untrusted = /The TLS certificate of acme\.alationcloud\.com is not trusted \(self-signed .*CA certificate \(PEM\)/s;
  const expired = /The TLS certificate of acme\.alationcloud\.com has expired or is not valid yet.*date and time/s;
  const otherName = /The TLS certificate of acme\.alationcloud\.com is for a different host name/;
  const handshake = /The TLS handshake with acme\.alationcloud\.com:443 failed/;
  const dns = /The host name acme\.alationcloud\.com could not be found \(DNS\)/;
  const unreachable = /acme\.alationcloud\.com:443 cannot be reached from this computer/;
  const closed = /The connection to acme\.alationcloud\.com:443 was closed before the answer arrived/;
  const notInTime = new RegExp(`The tenant did not answer DELETE ${site.path} in time`);
  const noConnect = /Could not connect to acme\.alationcloud\.com:443 in time/;
  it.each([
    ...['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT']
      .concat(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'INVALID_CA'])
      .map((code) => [code, 'tls', untrusted, false, false] as const),
    ...['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'].map((code) => [code, 'tls', expired, false, false] as const),
    ...['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'].map((code) => [code, 'tls', otherName, false, false] as const),
    ...[
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'EPROTO',
      'ERR_SSL_PACKET_LENGTH_TOO_LONG',
      'ERR_TLS_HANDSHAKE_TIMEOUT',
      'ERR_SSL_DECRYPTION_FAILED',
    ].map((code) => [code, 'tls', handshake, false, false] as const),
    ...['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].map((code) => [code, 'timeout', notInTime, false, true] as const),
    ...['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'].map((code) => [code, 'timeout', noConnect, false, false] as const),
    ...['ENOTFOUND', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA'].map((code) => [code, 'network', dns, false, false] as const),
    ['EAI_AGAIN', 'network', dns, true, false] as const,
    ['ECONNREFUSED', 'network', /Nothing accepts connections at acme\.alationcloud\.com:443/, true, false] as const,
    ...['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'].map(
      (code) => [code, 'network', unreachable, true, false] as const,
    ),
    ...['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE'].map(
      (code) => [code, 'network', closed, true, true] as const,
    ),
    ['EWHATEVER', 'network', /Could not talk to acme\.alationcloud\.com:443 \(EWHATEVER\)/, false, true] as const,
  ])('%s is %s: %s (retried: %s, may have landed: %s)', (code, appCode, says, retried, landed) => {
    const e = transportError(Object.assign(new Error('fetch failed'), { code: 'UND_ERR_SOCKET', cause: failureWith(code) }), site);
    expect(e.code).toBe(appCode);
    expect(e.message).toMatch(says);
    expect(e.details).toMatchObject({ method: 'DELETE', path: site.path, cause: code });
    expect(isTransientNetwork(e)).toBe(retried);
    expect(mayHaveReachedTenant(e)).toBe(landed);
  });

  it('a timeout says whether it was connecting or waiting for the answer', () => {
    expect(transportError(failureWith('UND_ERR_HEADERS_TIMEOUT'), site).details?.phase).toBe('request');
    expect(transportError(failureWith('ETIMEDOUT'), site).details?.phase).toBe('connect');
  });

  it('a failure with no code still says who could not be reached, and is not retried', () => {
    const e = transportError(new Error('boom'), site);
    expect(e.message).toBe('Could not talk to acme.alationcloud.com:443. Check your network connection and the tenant URL.');
    expect(e.details).toEqual({ method: 'DELETE', path: site.path, retryable: false });
  });

  it('a bare connection (the connection test) has no call to name', () => {
    const e = transportError(failureWith('UND_ERR_HEADERS_TIMEOUT'), { host: 'acme.alationcloud.com:443' });
    expect(e.message).toContain('did not answer the request  in time');
    expect(e.details).toEqual({ cause: 'UND_ERR_HEADERS_TIMEOUT', phase: 'request' });
  });

  it('a failure that is not even an Error still says who could not be reached', () => {
    expect(transportError(null, site).message).toBe(
      'Could not talk to acme.alationcloud.com:443. Check your network connection and the tenant URL.',
    );
  });

  it('an IPv6 address keeps its brackets when the port is dropped', () => {
    const e = transportError(failureWith('DEPTH_ZERO_SELF_SIGNED_CERT'), { ...site, host: '[::1]:8443' });
    expect(e.message).toContain('The TLS certificate of [::1] is not trusted');
  });

  it('a cancel is told apart from a failure', () => {
    expect(cancelledError().message).toBe('The request was cancelled.');
    expect(isCancelled(cancelledError())).toBe(true);
    expect(isCancelled(timeoutError(site, 5000, 'request'))).toBe(false);
    expect(isCancelled(Object.assign(new Error('stopped'), { code: 'cancelled' }))).toBe(false);
  });

  it('only a network failure marked so is retried', () => {
    expect(isTransientNetwork(new AppError('network', 'no details'))).toBe(false);
    expect(isTransientNetwork(new AppError('timeout', 'x', { retryable: true }))).toBe(false);
    for (const thrown of [new Error('boom'), undefined, 'text']) expect(isTransientNetwork(thrown)).toBe(false);
  });

  it('an error already mapped is kept as it is', () => {
    const mappedBefore = new AppError('cancelled', 'The request was cancelled.');
    expect(transportError(mappedBefore, site)).toBe(mappedBefore);
  });

  it('finds the specific cause under undici’s generic socket error, and in happy eyeballs’ aggregate', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(failureWith('UND_ERR_SOCKET'), { cause: failureWith('ECONNRESET') }),
    });
    expect(errorCode(wrapped)).toBe('ECONNRESET');
    expect(errorCode(failureWith('UND_ERR_SOCKET'))).toBe('UND_ERR_SOCKET');
    expect(errorCode(new AggregateError([failureWith('ECONNREFUSED'), failureWith('ENETUNREACH')]))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('no code'))).toBeUndefined();
    const deep = (depth: number): unknown => (depth === 0 ? failureWith('ECONNRESET') : { cause: deep(depth - 1) });
    expect(errorCode(deep(5))).toBe('ECONNRESET');
    expect(errorCode(deep(6))).toBeUndefined();
  });

  it('a timeout names the seconds waited, never fewer than one', () => {
    expect(timeoutError(site, 30_400, 'request').message).toBe(
      `The tenant did not answer DELETE ${site.path} within 30 s. Try again; if it keeps happening, the tenant may be overloaded.`,
    );
    expect(timeoutError(site, 200, 'connect').message).toContain('Could not connect to acme.alationcloud.com:443 within 1 s.');
    expect(timeoutError(site, 200, 'connect').details).toEqual({ method: 'DELETE', path: site.path, phase: 'connect' });
  });
});

// Each case builds its error inside the test: the mapping runs where a test can see it (Stryker
// counts code run while the table is built as run by no test, and then runs every test for it).
describe('whether a failed write may still have landed on the tenant', () => {
  const noAnswer = (code: string) => transportError(Object.assign(new Error(code), { code }), site);
  it.each([
    ['a reset after sending', true, () => noAnswer('ECONNRESET')],
    ['no answer in time', true, () => noAnswer('UND_ERR_HEADERS_TIMEOUT')],
    ['a network failure with no known cause', true, () => new AppError('network', 'x')],
    ['a timeout of unknown phase', true, () => new AppError('timeout', 'x')],
    ['a server failure of unknown status', true, () => new AppError('server', 'x')],
    ['a proxy’s 502', true, () => mapped(answer(502, ''))],
    ['a garbled 200', true, () => badBody(answer(200, ''), site, 'json')],
    ['an unknown host', false, () => noAnswer('ENOTFOUND')],
    ['a refused connection', false, () => noAnswer('ECONNREFUSED')],
    ['an unreachable network', false, () => noAnswer('ENETUNREACH')],
    ['a connect timeout', false, () => noAnswer('UND_ERR_CONNECT_TIMEOUT')],
    ['a connect timeout of our own', false, () => timeoutError(site, 5000, 'connect')],
    ['an untrusted certificate', false, () => noAnswer('DEPTH_ZERO_SELF_SIGNED_CERT')],
    ['a rate limit', false, () => mapped(answer(429, ''))],
    ['a refusal', false, () => mapped(answer(422, ''))],
    ['a conflict', false, () => mapped(answer(409, ''))],
    ['something that is not an AppError', false, () => new Error('boom')],
    ['an unmapped error whose code reads like one of ours', false, () => Object.assign(new Error('x'), { code: 'bad_response' })],
  ])('%s may have landed: %s', (_what, expected, error) => {
    expect(mayHaveReachedTenant(error())).toBe(expected);
  });
});
