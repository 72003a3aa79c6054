export const id = 105;
export const ids = [105];
export const modules = {

/***/ 4533:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B$: () => (/* binding */ MintOutcomeUnknownError),
/* harmony export */   D7: () => (/* binding */ DevinApiError),
/* harmony export */   Up: () => (/* binding */ malformedBodyFailure),
/* harmony export */   cK: () => (/* binding */ MintAnswerUnreadableError),
/* harmony export */   rd: () => (/* binding */ networkFailure),
/* harmony export */   tG: () => (/* binding */ httpFailure)
/* harmony export */ });
/* unused harmony export readErrorBody */
/* harmony import */ var _base_credentials_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7663);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4758);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6496);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4988);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6758);
/* harmony import */ var _schemas_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2768);






/** The API refused, failed or answered something unreadable; the message says what to do. */
class DevinApiError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ {
    name = 'DevinApiError';
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/**
 * A minting request was sent but its answer was lost, failed or unreadable: a key may exist
 * that nobody received. Callers that can find it by name recover; others report the message.
 */
class MintOutcomeUnknownError extends DevinApiError {
    name = 'MintOutcomeUnknownError';
}
/**
 * A minting request was answered with success, but the answer cannot be right (no token, not
 * JSON): a key was most likely made, and its token is unreadable. Not a lost answer: making the
 * key again would only make a second one.
 */
class MintAnswerUnreadableError extends DevinApiError {
    name = 'MintAnswerUnreadableError';
}
/** Reads any of the three error body shapes; anything else counts as no body. */
function readErrorBody(json) {
    const validation = _schemas_js__WEBPACK_IMPORTED_MODULE_2__/* .ValidationErrorBody */ .WS.safeParse(json);
    if (validation.success)
        return { kind: 'validation', items: validation.data.detail };
    const legacy = _schemas_js__WEBPACK_IMPORTED_MODULE_2__/* .LegacyErrorBody */ .uK.safeParse(json);
    if (legacy.success)
        return { kind: 'message', text: legacy.data.detail };
    const problem = _schemas_js__WEBPACK_IMPORTED_MODULE_2__/* .ProblemDetailBody */ .Vm.safeParse(json);
    if (problem.success) {
        const { title, detail, errors } = problem.data;
        if (errors !== undefined && errors.length > 0)
            return { kind: 'validation', items: errors };
        return { kind: 'message', text: detail === undefined ? title : `${title}: ${detail}` };
    }
    return { kind: 'none' };
}
function devinSaid(body) {
    return body.kind === 'message' ? ` Devin said: ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(body.text)}.` : '';
}
function validationLines(body) {
    if (body.kind !== 'validation')
        return '';
    const lines = body.items.map((item) => `  - ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(item.loc.join('.'))}: ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(item.msg)}`);
    return `\n${lines.join('\n')}`;
}
function attemptsNote(attempts) {
    return attempts > 1 ? ` after ${attempts} attempts` : '';
}
function explainUnauthorized(ctx, body) {
    const needed = _base_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_KINDS */ .aq[ctx.credential];
    return [
        `Devin did not accept the credential in \`token\` (HTTP 401).${devinSaid(body)}`,
        'Likely causes: the key is invalid, expired or revoked; or the secret passed as `token` is empty, truncated or holds extra text, so the Authorization header is missing or malformed.',
        `Fix: check that the secret holds ${(0,_base_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .describeCredentialKind */ .DS)(ctx.credential)} exactly as it was shown, or make a new one in ${needed.madeIn} and update the secret.`,
    ].join('\n');
}
function explainForbidden(ctx, body) {
    const needed = ctx.permission ?? 'ManageAccountServiceUsers';
    const permission = ctx.apiVersion === 'v2'
        ? "the key's user does not have the Enterprise admin role"
        : `the service user lacks the ${needed} permission at enterprise level`;
    const fix = ctx.apiVersion === 'v2'
        ? `use the personal API key (${_base_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_KINDS */ .aq['personal-key'].prefix}…) of a user with the Enterprise admin role.`
        : `give the service user a role that holds ${needed} at enterprise level (Enterprise Settings > Service Users), or use the credential of one that has it.`;
    return [
        `The credential is valid but not allowed to do this (HTTP 403).${devinSaid(body)}`,
        `Likely causes: ${permission}; the key is the wrong kind for the ${ctx.apiVersion} API, which needs ${(0,_base_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .describeCredentialKind */ .DS)(ctx.credential)}; or the resource is outside the key's reach.`,
        `Fix: ${fix}`,
    ].join('\n');
}
function explainNotFound(ctx, body, origin) {
    return [
        `Not found (HTTP 404).${devinSaid(body)}`,
        `Likely causes: base_url (${origin}) is not the Devin API of your deployment; or ${ctx.notFound}.`,
        'Fix: set base_url to https://api.devin.ai or to your dedicated Enterprise API domain, and check the ids given to the action.',
    ].join('\n');
}
/** The error for an HTTP answer that is not a success. */
function httpFailure(response, ctx, origin) {
    const message = explainHttpFailure(response, ctx, origin);
    const mayHaveMinted = ctx.mint !== undefined && response.status >= 500;
    return mayHaveMinted
        ? new MintOutcomeUnknownError(message, response.status)
        : new DevinApiError(message, response.status);
}
function explainHttpFailure(response, ctx, origin) {
    const { status, attempts } = response;
    const body = readErrorBody(response.json);
    const head = `Could not ${ctx.purpose}: `;
    if (status >= 300 && status < 400) {
        const target = response.location === undefined ? 'another address' : (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(response.location);
        return `${head}the API answered with a redirect (HTTP ${status}) to ${target}. The action never follows redirects, so the credential is never sent anywhere but base_url.\nFix: if that address is your Devin API, set base_url to its origin.`;
    }
    if (ctx.mint !== undefined && status >= 500) {
        return mintUnknownMessage(ctx, `the API failed with HTTP ${status}`);
    }
    const hint = ctx.statusHints?.[status];
    if (hint !== undefined) {
        return `${head}${hint.problem} (HTTP ${status}).${devinSaid(body)}\nFix: ${hint.fix}`;
    }
    switch (status) {
        case 401:
            return head + explainUnauthorized(ctx, body);
        case 403:
            return head + explainForbidden(ctx, body);
        case 404:
            return head + explainNotFound(ctx, body, origin);
        case 422: {
            const lines = validationLines(body);
            if (lines !== '') {
                return `${head}Devin rejected the request as invalid (HTTP 422):${lines}\nFix: correct the inputs named above.`;
            }
            return `${head}Devin rejected the request as invalid (HTTP 422) without naming what is wrong.${devinSaid(body)}\nFix: check the inputs of this operation against the README; if they look right, report this to Devin support.`;
        }
        case 429:
            if (response.retryNotBefore !== undefined) {
                return `${head}Devin is limiting the rate of requests (HTTP 429) and asks to wait until ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(response.retryNotBefore)}, longer than the action waits (${_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_RETRY_AFTER_MS */ .yL / 1000} s), so it stopped at once.${devinSaid(body)}\nFix: run the job again after ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(response.retryNotBefore)}, or spread out jobs that call the API.`;
            }
            return `${head}Devin is limiting the rate of requests (HTTP 429) and still was${attemptsNote(attempts)}.${devinSaid(body)}\nFix: run the job again later, spread out jobs that call the API, or raise max_retries.`;
    }
    if (status >= 500) {
        return `${head}the Devin API failed (HTTP ${status})${attemptsNote(attempts)}.${devinSaid(body)}\nFix: the fault is on the API's side; run the job again later.`;
    }
    return `${head}Devin answered HTTP ${status}.${devinSaid(body)}${validationLines(body)}`;
}
/** The error for a request that got no HTTP answer. */
function networkFailure(failure, ctx, origin, timeoutSeconds) {
    const attempts = attemptsNote(failure.attempts);
    if (!failure.sent && failure.reason !== 'connection') {
        // Never reached the API: nothing was made, whatever the call was for.
        const fix = failure.reason === 'refused'
            ? 'Fix: check the token and base_url inputs (a secret pasted with a stray character is the usual cause).'
            : 'Fix: check the proxy settings of the runner (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that the proxy lets the runner reach the Devin API.';
        return new DevinApiError(`Could not ${ctx.purpose}: ${failure.message}${attempts}.\n${fix}`);
    }
    const what = failure.reason === 'timeout'
        ? `no answer from ${origin} within ${timeoutSeconds} s${attempts}`
        : `the connection to ${origin} failed (${failure.message})${attempts}`;
    if (ctx.mint !== undefined && failure.sent) {
        return new MintOutcomeUnknownError(mintUnknownMessage(ctx, what));
    }
    const fix = failure.reason === 'timeout'
        ? 'Fix: check that base_url is reachable from the runner, or raise timeout_seconds.'
        : 'Fix: check base_url and that the runner can reach it (proxy settings, firewall, DNS).';
    return new DevinApiError(`Could not ${ctx.purpose}: ${what}.\n${fix}`);
}
/**
 * The error for a success answer whose body breaks the contract: `issues` from the schema, or
 * undefined when the body is not JSON at all.
 */
function malformedBodyFailure(response, ctx, issues) {
    const what = issues === undefined
        ? `the API answered HTTP ${response.status} with a body that is not JSON`
        : `the API answered HTTP ${response.status} with a body that does not match the API contract (${describeIssues(issues)})`;
    // A minting call that succeeded made a key, even if its token cannot be read.
    if (ctx.mint !== undefined) {
        return new MintAnswerUnreadableError(`Could not ${ctx.purpose}: ${what}. A key may have been created (most likely it was), but its token cannot be read; the request was not repeated, so that no second key is made.\n${ctx.mint.howToCheck}`, response.status);
    }
    return new DevinApiError(`Could not ${ctx.purpose}: ${what}.\nFix: check that base_url points at the Devin API and not at a proxy or web page; if it does, report this to Devin support.`, response.status);
}
/** 'field "items.0.created_at": Invalid input: expected number, received undefined' */
function describeIssues(issues, max = 5) {
    const described = issues.slice(0, max).map((issue) => {
        const path = issue.path.map(String).join('.') || '(the body)';
        return `field ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(path)}: ${issue.message}`;
    });
    if (issues.length > max)
        described.push(`and ${issues.length - max} more`);
    return described.join('; ');
}
function mintUnknownMessage(ctx, what) {
    return `Could not ${ctx.purpose}: ${what}, after the request was sent. A key may have been created even though the action did not receive it; it was not retried, so that no second key is made.\n${ctx.mint?.howToCheck ?? ''}`;
}


/***/ }),

/***/ 6758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   qO: () => (/* binding */ retryDelayMs),
/* harmony export */   r3: () => (/* binding */ isRetryable),
/* harmony export */   yL: () => (/* binding */ MAX_RETRY_AFTER_MS)
/* harmony export */ });
/**
 * The retry policy of Cognition's own Terraform provider (api/README.md, "Retries and
 * idempotency"), as pure functions so that it can be tested without a network or a clock.
 */
const BASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 20_000;
/** The longest wait the action allows: a Retry-After beyond it ends the request (transport.ts). */
const MAX_RETRY_AFTER_MS = 60_000;
/** GET and DELETE can be repeated without harm; a POST may mint a key each time it lands. */
function isIdempotent(method) {
    return method === 'GET' || method === 'DELETE';
}
/**
 * Whether another attempt can succeed and is safe: 429 means the request was not processed,
 * and a connection that failed before sending carried nothing. Everything else is repeated
 * only for idempotent methods, and only where waiting can help (5xx, lost connections).
 */
function isRetryable(method, outcome) {
    if (outcome.kind === 'network')
        return !outcome.sent || isIdempotent(method);
    if (outcome.status === 429)
        return true;
    return outcome.status >= 500 && outcome.status <= 599 && isIdempotent(method);
}
/**
 * Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date, relative to
 * `nowMs`. Undefined when absent or unreadable.
 */
function parseRetryAfter(header, nowMs) {
    if (header === undefined)
        return undefined;
    const value = header.trim();
    if (/^\d+$/.test(value))
        return Number(value) * 1_000;
    // Every HTTP date form starts with the day's name; Date.parse would also take "-5" as a year.
    if (!/^[A-Za-z]{3}/.test(value))
        return undefined;
    const dateMs = Date.parse(value);
    if (Number.isNaN(dateMs))
        return undefined;
    return Math.max(0, dateMs - nowMs);
}
/**
 * Delay before retry number `retry` (0 for the first retry): what the server asked for, capped,
 * or else full-jitter exponential backoff (a uniform draw up to base * 2^retry).
 */
function retryDelayMs(retry, retryAfterMs, random) {
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** retry);
    return Math.floor(random() * ceiling);
}


/***/ }),

/***/ 2768:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H_: () => (/* binding */ ServiceUser),
/* harmony export */   IR: () => (/* binding */ ServiceUserPage),
/* harmony export */   KQ: () => (/* binding */ ServiceKeyResponse),
/* harmony export */   MX: () => (/* binding */ SelfResponse),
/* harmony export */   R2: () => (/* binding */ ApiKeyPage),
/* harmony export */   Vm: () => (/* binding */ ProblemDetailBody),
/* harmony export */   WS: () => (/* binding */ ValidationErrorBody),
/* harmony export */   Zi: () => (/* binding */ ApiKeyResponse),
/* harmony export */   uK: () => (/* binding */ LegacyErrorBody),
/* harmony export */   wL: () => (/* binding */ ApiKeyWithTokenResponse)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2131);

// Response shapes from api/devin-keys.openapi.yaml. Objects are not strict: fields the API adds
// later are ignored, while a missing or mistyped field is an error that names it.
const unixSeconds = zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int();
const ServiceKeyResponse = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    api_key: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    org_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
const ApiKeyResponse = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    api_key_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    api_key_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    created_at: unixSeconds,
    expires_at: unixSeconds.nullable(),
    is_active: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    last_used_at: unixSeconds.nullable(),
    revoked_at: unixSeconds.nullable(),
});
const ApiKeyPage = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    items: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ApiKeyResponse),
    end_cursor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(),
    has_next_page: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(false),
    total: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nullish(),
});
const ApiKeyWithTokenResponse = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    api_key_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    api_key_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    token: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
});
const SelfResponse = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    principal_type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    service_user_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(),
    service_user_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(),
    org_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(),
});
/** A member of the enterprise that is a service user; `expires_at` null: it never expires. */
const ServiceUser = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    service_user_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    expires_at: unixSeconds.nullable(),
});
const ServiceUserPage = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    items: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ServiceUser),
    end_cursor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(),
    has_next_page: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(false),
    total: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nullish(),
});
// Error bodies come in three shapes (api/README.md, "Errors").
const ValidationItem = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    loc: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig()])).default([]),
    msg: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});
/** FastAPI's 422 body. */
const ValidationErrorBody = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ detail: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ValidationItem).min(1) });
/** The legacy `{detail: "text"}`. */
const LegacyErrorBody = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ detail: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** RFC 9457 problem details, v3's error body. */
const ProblemDetailBody = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    title: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    status: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().optional(),
    detail: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ValidationItem).optional(),
});


/***/ }),

/***/ 5105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openDevinClient: () => (/* binding */ openDevinClient)
});

// EXTERNAL MODULE: ./src/base/untrusted.ts
var untrusted = __webpack_require__(4988);
// EXTERNAL MODULE: ./src/devin/errors.ts
var errors = __webpack_require__(4533);
// EXTERNAL MODULE: ./src/devin/schemas.ts
var schemas = __webpack_require__(2768);
// EXTERNAL MODULE: external "node:diagnostics_channel"
var external_node_diagnostics_channel_ = __webpack_require__(3053);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/base/errors.ts
var base_errors = __webpack_require__(4758);
// EXTERNAL MODULE: ./src/devin/retry.ts
var retry = __webpack_require__(6758);
;// CONCATENATED MODULE: ./src/devin/transport.ts





/** The request got no HTTP answer. `sent: false` when it never left this machine. */
class NetworkError extends Error {
    name = 'NetworkError';
    reason;
    sent;
    attempts;
    constructor(message, reason, sent, attempts) {
        super(message);
        this.reason = reason;
        this.sent = sent;
        this.attempts = attempts;
    }
}
// Errors raised while connecting, so before a byte of the request was written.
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
]);
/** undici's own timeouts: the request was written, and no answer came in time. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
function errorCode(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const { code, cause } = error;
    return typeof code === 'string' ? code : errorCode(cause);
}
/**
 * One path segment from an input or an API answer, escaped so it cannot change the route.
 * Inputs are checked before this; an id from the API that would change the route is refused.
 */
function pathSegment(value) {
    if (value === '' || value === '.' || value === '..') {
        throw new base_errors/* ActionError */.lZ(`The API named an id the action cannot use: ${JSON.stringify(value)}; an empty or dot id would change which resource a request names, so no request was sent for it.\nFix: report this to Devin support; pass the id explicitly where an input takes one.`);
    }
    return encodeURIComponent(value);
}
/** `DELETE /v2/enterprise/api-keys` without an id revokes every key of the enterprise. */
function isRevokeEverything(method, pathname) {
    return method === 'DELETE' && /\/v2\/enterprise\/api-keys\/*$/.test(pathname);
}
/**
 * undici's own limits, from timeout_seconds: left alone, its headers and body timeouts are 300 s
 * whatever timeout_seconds says, and its connect timeout 10 s.
 */
function dispatcherOptions(timeoutMs) {
    return { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } };
}
function defaultDispatcher(timeoutMs) {
    const options = dispatcherOptions(timeoutMs);
    return anyProxy() ? new undici.EnvHttpProxyAgent(options) : new undici.Agent(options);
}
function anyProxy() {
    const env = process.env;
    return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}
/**
 * The proxy that EnvHttpProxyAgent sends a request for `url` through, as an origin without any
 * user name or password (for messages); undefined when it goes direct.
 */
function proxyFor(url) {
    const env = process.env;
    const httpProxy = env.http_proxy || env.HTTP_PROXY;
    const proxy = url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || httpProxy : httpProxy;
    if (!proxy)
        return undefined;
    const noProxy = (env.no_proxy || env.NO_PROXY || '').split(/[\s,]+/).filter(Boolean);
    const host = url.hostname.toLowerCase();
    const bypassed = noProxy.some((entry) => {
        const domain = entry
            .toLowerCase()
            .replace(/:\d+$/, '')
            .replace(/^\*?\./, '');
        return entry === '*' || host === domain || host.endsWith(`.${domain}`);
    });
    if (bypassed)
        return undefined;
    return URL.canParse(proxy) ? new URL(proxy).origin : 'the proxy set in HTTPS_PROXY/HTTP_PROXY';
}
const sleepFor = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long an aborted request may take to end before its dispatcher is taken for stuck. */
const ABORT_GRACE_MS = 100;
const settled = () => true;
class Transport {
    dispatcher;
    /** Dispatchers this transport destroyed after a deadline, and replaced. */
    replaced = new WeakSet();
    ownsDispatcher;
    sleep;
    now;
    random;
    headers;
    options;
    constructor(options) {
        this.options = options;
        this.ownsDispatcher = options.dispatcher === undefined;
        this.dispatcher = options.dispatcher ?? defaultDispatcher(options.timeoutMs);
        this.sleep = options.sleep ?? sleepFor;
        this.now = options.now ?? Date.now;
        this.random = options.random ?? Math.random;
        this.headers = {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json, application/problem+json',
            'user-agent': 'devin-keys-action',
        };
    }
    get origin() {
        return this.options.baseUrl.origin;
    }
    urlFor(path, query = {}) {
        const base = this.options.baseUrl;
        const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base.origin);
        for (const [name, value] of Object.entries(query)) {
            if (value !== undefined)
                url.searchParams.set(name, String(value));
        }
        // The token only ever goes to the configured origin.
        if (url.origin !== base.origin)
            throw new Error(`request left ${base.origin}: ${url.origin}`);
        return url;
    }
    /** Sends a request, retrying as the policy allows; answers with the last HTTP response. */
    async send(apiRequest) {
        const url = this.urlFor(apiRequest.path, apiRequest.query);
        if (isRevokeEverything(apiRequest.method, url.pathname)) {
            throw new Error('refusing DELETE /v2/enterprise/api-keys without a key id');
        }
        const { maxRetries, debug } = this.options;
        for (let attempt = 1;; attempt++) {
            const started = this.now();
            const result = await this.attempt(apiRequest, url, attempt);
            const took = `${this.now() - started} ms`;
            const outcome = result instanceof NetworkError
                ? { kind: 'network', sent: result.sent }
                : { kind: 'response', status: result.response.status };
            const label = result instanceof NetworkError ? result.message : `HTTP ${result.response.status}`;
            debug?.(`${apiRequest.method} ${url.pathname} -> ${label} (${took}, attempt ${attempt})`);
            const retriesLeft = attempt <= maxRetries;
            // A proxy's refusal or a request undici will not send comes out the same every time.
            const final = result instanceof NetworkError &&
                (result.reason === 'proxy' || result.reason === 'refused');
            if (!retriesLeft || final || !(0,retry/* isRetryable */.r3)(apiRequest.method, outcome)) {
                if (result instanceof NetworkError)
                    throw result;
                return result.response;
            }
            const retryAfterMs = result instanceof NetworkError ? undefined : (0,retry/* parseRetryAfter */.mu)(result.retryAfter, this.now());
            if (retryAfterMs !== undefined &&
                retryAfterMs > retry/* MAX_RETRY_AFTER_MS */.yL &&
                !(result instanceof NetworkError)) {
                // Waiting less than asked only asks again too soon: the answer stands, and says when.
                return {
                    ...result.response,
                    retryNotBefore: Math.ceil((this.now() + retryAfterMs) / 1000),
                };
            }
            const delayMs = (0,retry/* retryDelayMs */.qO)(attempt - 1, retryAfterMs, this.random);
            debug?.(`retrying in ${delayMs} ms`);
            await this.sleep(delayMs);
        }
    }
    async attempt(apiRequest, url, attempt) {
        const controller = new AbortController();
        const timeoutMs = this.options.timeoutMs;
        const path = `${url.pathname}${url.search}`;
        // Whether the request itself (not a proxy's CONNECT) was written: only then can it have
        // been processed. undici reports each request it writes on this channel.
        const progress = { sent: false };
        const onSendHeaders = (message) => {
            const { request: written } = message;
            if (written.method === apiRequest.method &&
                written.path === path &&
                String(written.origin).replace(/\/$/, '') === url.origin) {
                progress.sent = true;
            }
        };
        (0,external_node_diagnostics_channel_.subscribe)('undici:client:sendHeaders', onSendHeaders);
        const dispatcher = this.dispatcher;
        let timer;
        // A hard bound, whatever the dispatcher does: an abort signal does not end a CONNECT that a
        // proxy never answers, nor a proxy agent that reconnects without end.
        const deadline = new Promise((resolve) => {
            timer = setTimeout(() => resolve('deadline'), timeoutMs);
        });
        const exchange = (async () => {
            const hasBody = apiRequest.body !== undefined;
            const answer = await (0,undici.request)(url, {
                method: apiRequest.method,
                headers: hasBody ? { ...this.headers, 'content-type': 'application/json' } : this.headers,
                body: hasBody ? JSON.stringify(apiRequest.body) : undefined,
                signal: controller.signal,
                dispatcher,
            });
            return { answer, text: await answer.body.text() };
        })();
        // Past the deadline its failure no longer matters.
        exchange.catch(() => undefined);
        try {
            const outcome = await Promise.race([exchange, deadline]);
            if (outcome === 'deadline') {
                controller.abort();
                // An abort ends a request undici is sending or waiting on; a CONNECT that a proxy never
                // answers, or a proxy agent reconnecting without end, it does not: only then does the
                // dispatcher go (taking the other requests on it down too, which retry as they may).
                const ended = await Promise.race([
                    exchange.then(settled, settled),
                    sleepFor(ABORT_GRACE_MS).then(() => false),
                ]);
                if (!ended)
                    await this.replaceDispatcher(dispatcher);
                return this.timedOut(url, progress.sent, attempt);
            }
            const { answer, text } = outcome;
            const response = this.readResponse(answer.statusCode, answer.headers, text, attempt);
            if (response.status >= 200 && response.status < 300) {
                this.maskSecretFields(response.json, apiRequest.secretFields);
            }
            return { response, retryAfter: headerValue(answer.headers['retry-after']) };
        }
        catch (error) {
            const code = errorCode(error) ?? 'connection failed';
            if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
                // Another request's deadline destroyed the dispatcher under this one: a lost connection.
                if (this.replaced.has(dispatcher)) {
                    return new NetworkError('connection closed', 'connection', progress.sent, attempt);
                }
                // This client was closed under the request: no retry can succeed, and it is no network
                // fault.
                throw error;
            }
            if (TIMEOUT_CODES.has(code))
                return this.timedOut(url, progress.sent, attempt);
            const text = error instanceof Error ? error.message : '';
            const proxy = proxyFor(url);
            if (proxy !== undefined && !progress.sent && /^Proxy /.test(text)) {
                return new NetworkError(`the proxy ${proxy} refused to carry the request to ${url.origin} (${(0,untrusted/* quoteUntrusted */.X0)(text)}); the request never reached the API`, 'proxy', false, attempt);
            }
            if (code === 'UND_ERR_INVALID_ARG' && !progress.sent) {
                return new NetworkError(`the request was refused before it was sent (${(0,untrusted/* quoteUntrusted */.X0)(text)})`, 'refused', false, attempt);
            }
            const through = proxy === undefined || progress.sent ? '' : ` (through the proxy ${proxy})`;
            return new NetworkError(`${code}${through}`, 'connection', progress.sent || !NOT_SENT_CODES.has(code), attempt);
        }
        finally {
            clearTimeout(timer);
            (0,external_node_diagnostics_channel_.unsubscribe)('undici:client:sendHeaders', onSendHeaders);
        }
    }
    timedOut(url, sent, attempt) {
        const seconds = this.options.timeoutMs / 1000;
        const proxy = proxyFor(url);
        // Without a proxy, a request may be processed whether or not it was seen written.
        if (sent || proxy === undefined) {
            return new NetworkError(`no answer within ${seconds} s`, 'timeout', true, attempt);
        }
        return new NetworkError(`no answer within ${seconds} s: the proxy ${proxy} did not pass the request on to ${url.origin}, so it never reached the API`, 'timeout', false, attempt);
    }
    /**
     * After a deadline, the dispatcher may still be stuck in a connect or reconnecting without
     * end: an own one is destroyed, so nothing outlives the request, and a fresh one serves the
     * next attempt. An injected one is the caller's to manage.
     */
    async replaceDispatcher(stuck) {
        if (!this.ownsDispatcher || this.replaced.has(stuck))
            return;
        this.replaced.add(stuck);
        this.dispatcher = defaultDispatcher(this.options.timeoutMs);
        await stuck.destroy().catch(() => undefined);
    }
    readResponse(status, headers, text, attempts) {
        let json;
        let malformed = false;
        if (text.trim() !== '') {
            try {
                json = JSON.parse(text);
            }
            catch {
                malformed = true;
            }
        }
        return {
            status,
            contentType: headerValue(headers['content-type']) ?? '',
            json,
            malformed,
            location: headerValue(headers.location),
            attempts,
        };
    }
    maskSecretFields(json, secretFields = []) {
        if (typeof json !== 'object' || json === null)
            return;
        for (const field of secretFields) {
            const value = json[field];
            if (typeof value === 'string' && value !== '')
                this.options.maskSecret(value);
        }
    }
    async close() {
        if (this.ownsDispatcher)
            await this.dispatcher.close();
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}

;// CONCATENATED MODULE: ./src/devin/client.ts




/**
 * The Devin endpoints the action uses, each a typed call. There is deliberately no call for
 * `DELETE /v2/enterprise/api-keys` without an id: it revokes every key of the enterprise.
 */
class DevinClient {
    transport;
    timeoutSeconds;
    /** ApiKeyPage, compiled; loaded with the first page this client lists. */
    pageSchema;
    constructor(options) {
        this.transport = new Transport(options);
        this.timeoutSeconds = options.timeoutMs / 1000;
    }
    /** `POST /v2/enterprise/api-keys`: a new service API key (apk_…) for one organization. */
    provisionServiceKey(orgId) {
        const org = (0,untrusted/* quoteUntrusted */.X0)(orgId);
        return this.call({
            method: 'POST',
            path: '/v2/enterprise/api-keys',
            body: { org_id: orgId },
            secretFields: ['api_key'],
        }, schemas/* ServiceKeyResponse */.KQ, {
            purpose: `provision a service API key for organization ${org}`,
            credential: 'personal-key',
            apiVersion: 'v2',
            notFound: `organization ${org} does not exist in your enterprise or is out of your reach`,
            mint: {
                howToCheck: `To check: list the organization's keys in the Devin web app (Enterprise Settings) or with GET /v2/enterprise/api-keys?org_id=${encodeURIComponent(orgId)}, and revoke any key nobody received with DELETE /v2/enterprise/api-keys/{api_key_id} (always with the key's id: without one, that call revokes every key of the enterprise). Then run the job again.`,
            },
        });
    }
    /** `GET /v3/self`: whose a service user credential is. */
    getSelf() {
        return this.call({ method: 'GET', path: '/v3/self' }, schemas/* SelfResponse */.MX, {
            purpose: 'find out which service user the credential belongs to (GET /v3/self)',
            credential: 'service-user-credential',
            apiVersion: 'v3',
            notFound: 'the deployment does not serve the v3 API yet',
        });
    }
    /**
     * One page of `GET /v3beta1/enterprise/service-users/{id}/api-keys`. Past the first page, the
     * request is dispatched before this returns: paging overlaps a page's work with the next.
     */
    listServiceUserKeysPage(serviceUserId, page) {
        const schema = this.pageSchema;
        if (schema === undefined) {
            return Promise.all(/* import() */[__webpack_require__.e(478), __webpack_require__.e(965)]).then(__webpack_require__.bind(__webpack_require__, 5965)).then(({ CompiledApiKeyPage }) => {
                this.pageSchema = CompiledApiKeyPage;
                return this.listServiceUserKeysPage(serviceUserId, page);
            });
        }
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        return this.call({
            method: 'GET',
            path: this.serviceUserKeysPath(serviceUserId),
            query: { status: page.status, first: page.first, after: page.after },
        }, schema, {
            purpose: `list the API keys of service user ${user}`,
            credential: 'service-user-credential',
            apiVersion: 'v3',
            notFound: `service user ${user} does not exist in your enterprise`,
        });
    }
    /**
     * One page of `GET {version}/enterprise/members/service-users`, inactive service users
     * (expired, removed) included. `version` is v3, or v3beta1 on older deployments.
     */
    listEnterpriseServiceUsersPage(version, page) {
        const path = `/${version}/enterprise/members/service-users`;
        return this.call({
            method: 'GET',
            path,
            query: { first: page.first, after: page.after, include_inactive: 'true' },
        }, schemas/* ServiceUserPage */.IR, {
            purpose: `list the service users of the enterprise (GET ${path})`,
            credential: 'service-user-credential',
            apiVersion: 'v3',
            permission: 'ViewAccountMembership',
            notFound: `the deployment does not serve ${path}`,
        });
    }
    /** `GET /v3/enterprise/members/service-users/{id}`: one service user, with its expiry. */
    getEnterpriseServiceUser(serviceUserId) {
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        return this.call({
            method: 'GET',
            path: `/v3/enterprise/members/service-users/${pathSegment(serviceUserId)}`,
        }, schemas/* ServiceUser */.H_, {
            purpose: `read service user ${user}`,
            credential: 'service-user-credential',
            apiVersion: 'v3',
            permission: 'ViewAccountMembership',
            notFound: `service user ${user} does not exist in your enterprise`,
        });
    }
    /** The API's origin, for messages. */
    get origin() {
        return this.transport.origin;
    }
    serviceUserKeysPath(serviceUserId, apiKeyId) {
        const keys = `/v3beta1/enterprise/service-users/${pathSegment(serviceUserId)}/api-keys`;
        return apiKeyId === undefined ? keys : `${keys}/${pathSegment(apiKeyId)}`;
    }
    /** `POST …/service-users/{id}/api-keys`: a new key; its token is shown this once. */
    createServiceUserKey(serviceUserId, key) {
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        return this.call({
            method: 'POST',
            path: this.serviceUserKeysPath(serviceUserId),
            body: { name: key.name, expires_at: key.expiresAt },
            secretFields: ['token'],
        }, schemas/* ApiKeyWithTokenResponse */.wL, {
            purpose: `create an API key named ${(0,untrusted/* quoteUntrusted */.X0)(key.name)} for service user ${user}`,
            credential: 'service-user-credential',
            apiVersion: 'v3',
            notFound: `service user ${user} does not exist in your enterprise`,
            mint: {
                howToCheck: `To check: list the keys of service user ${user} and revoke any named ${(0,untrusted/* quoteUntrusted */.X0)(key.name)} that nobody received.`,
            },
        });
    }
    /** `POST …/api-keys/{id}/rotate`: a new key in place of one, optionally keeping the old. */
    rotateServiceUserKey(serviceUserId, apiKeyId, rotation) {
        const key = (0,untrusted/* quoteUntrusted */.X0)(apiKeyId);
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        return this.call({
            method: 'POST',
            path: `${this.serviceUserKeysPath(serviceUserId, apiKeyId)}/rotate`,
            body: {
                new_key_expires_at: rotation.newKeyExpiresAt,
                revoke_current: rotation.revokeCurrent,
            },
            secretFields: ['token'],
        }, schemas/* ApiKeyWithTokenResponse */.wL, {
            purpose: `rotate API key ${key} of service user ${user}`,
            credential: 'service-user-credential',
            apiVersion: 'v3',
            notFound: `key ${key} does not exist for service user ${user}`,
            statusHints: {
                400: {
                    problem: `key ${key} is not active (it was revoked or has expired), so it cannot be rotated`,
                    fix: 'rotate an active key, or make a new one with operation create.',
                },
            },
            mint: {
                howToCheck: `To check: list the keys of service user ${user}; a key with the same name as ${key}, created just now, is the new one. Revoke it if nobody received it, and check whether ${key} was revoked.`,
            },
        });
    }
    /**
     * `DELETE …/api-keys/{id}`: revokes one key. A key that was already revoked (409) counts as
     * done: the caller wanted it revoked, and it is.
     */
    async revokeServiceUserKey(serviceUserId, apiKeyId) {
        const key = (0,untrusted/* quoteUntrusted */.X0)(apiKeyId);
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        try {
            await this.call({ method: 'DELETE', path: this.serviceUserKeysPath(serviceUserId, apiKeyId) }, schemas/* ApiKeyResponse */.Zi, {
                purpose: `revoke API key ${key} of service user ${user}`,
                credential: 'service-user-credential',
                apiVersion: 'v3',
                notFound: `key ${key} does not exist for service user ${user}`,
            });
            return 'revoked';
        }
        catch (error) {
            if (error instanceof errors/* DevinApiError */.D7 && error.status === 409)
                return 'already-revoked';
            throw error;
        }
    }
    /** Sends, then turns the answer into typed data or an error that explains itself. */
    async call(apiRequest, schema, ctx) {
        const origin = this.transport.origin;
        let response;
        try {
            response = await this.transport.send(apiRequest);
        }
        catch (error) {
            if (!(error instanceof NetworkError))
                throw error;
            throw (0,errors/* networkFailure */.rd)(error, ctx, origin, this.timeoutSeconds);
        }
        if (response.status < 200 || response.status >= 300)
            throw (0,errors/* httpFailure */.tG)(response, ctx, origin);
        const parsed = schema.safeParse(response.json);
        if (parsed.success)
            return parsed.data;
        const notJson = response.malformed || response.json === undefined;
        throw (0,errors/* malformedBodyFailure */.Up)(response, ctx, notJson ? undefined : parsed.error.issues);
    }
    close() {
        return this.transport.close();
    }
}

// EXTERNAL MODULE: ./src/base/runtime.ts
var base_runtime = __webpack_require__(2677);
;// CONCATENATED MODULE: ./src/operations/context.ts


/** A client for the inputs' API, which masks every secret it parses. */
function openDevinClient(inputs, context) {
    const { runtime, dependencies } = context;
    return new DevinClient({
        baseUrl: inputs.baseUrl,
        token: inputs.token,
        timeoutMs: inputs.timeoutSeconds * 1000,
        maxRetries: inputs.maxRetries,
        maskSecret: (secret) => (0,base_runtime/* maskSecret */.$)(runtime, secret),
        debug: (message) => runtime.debug(message),
        ...dependencies,
    });
}


/***/ })

};
