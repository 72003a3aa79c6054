export const id = 245;
export const ids = [245];
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

/***/ 8350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ PAGE_SIZE),
/* harmony export */   o: () => (/* binding */ forEachPage)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4988);



/** The most the API serves in one page (api/README.md, "Paging"). */
const PAGE_SIZE = 200;
/** A million keys for one service user: past this, the API is looping, not listing. */
const MAX_PAGES = 5_000;
/**
 * Reads every page, handing each page's items to `visit` as it arrives (so a large listing
 * is never held twice). The next page is asked for before this one is visited, so the API
 * prepares it while the items are worked through; still one request at a time. Stops on
 * `has_next_page: false`; more pages without a cursor is an error rather than a short listing,
 * and a cursor seen before, or more than `maxPages` pages, is an error rather than an endless
 * loop.
 */
async function forEachPage(fetchPage, visit, describe, maxPages = MAX_PAGES) {
    const seenCursors = new Set();
    let nextPage = fetchPage(undefined);
    for (let pages = 1;; pages++) {
        const page = await nextPage;
        const cursor = page.end_cursor;
        if (!page.has_next_page) {
            visit(page.items);
            return pages;
        }
        if (cursor === null || cursor === undefined || cursor === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: page ${pages} says more pages follow (has_next_page: true) but gives no cursor (end_cursor) to ask for them, so the listing cannot be completed and any count would be short.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        if (seenCursors.has(cursor)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API gave the cursor ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteUntrusted */ .X0)(cursor)} a second time, after ${pages} pages; the listing would never end, so the action stopped.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        if (pages >= maxPages) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API still had more pages after ${pages}, more than any real listing; the action stopped to avoid an endless loop.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        seenCursors.add(cursor);
        nextPage = fetchPage(cursor);
        // Awaited on the next round, unless visiting this page fails first: then the failure to
        // report is that one, and the page in flight no longer matters.
        nextPage.catch(() => undefined);
        // undici writes a request on a kept-alive connection only in the event loop's check phase
        // (it first looks for stray bytes on the idle socket): yield until then, so that the next
        // page is on its way while this one is worked through, not after.
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setImmediate)();
        visit(page.items);
    }
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

/***/ 1245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gi: () => (/* binding */ ownServiceUserId),
/* harmony export */   TH: () => (/* binding */ listKeys),
/* harmony export */   describeLostKeys: () => (/* binding */ describeLostKeys),
/* harmony export */   findLostKeys: () => (/* binding */ findLostKeys),
/* harmony export */   oO: () => (/* binding */ resolveKey)
/* harmony export */ });
/* harmony import */ var _devin_paging_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8350);
/* harmony import */ var _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4758);
/* harmony import */ var _base_ids_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3043);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4988);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6496);






/**
 * The service user behind the credential, for operations whose service_user_id is empty. Its id
 * is held to the rule for input ids: it goes into URL paths and the tracking issue's marker.
 */
async function ownServiceUserId(client) {
    const self = await client.getSelf();
    const id = self.service_user_id;
    if ((id === null || id === undefined) && /service.?user/i.test(self.principal_type)) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The API did not say which service user the credential belongs to: GET /v3/self names the principal ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(self.principal_type)} but gives no service_user_id.\nFix: name the service user in service_user_id.`);
    }
    if (id === null || id === undefined) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The credential belongs to a ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(self.principal_type)}, not a service user, so it has no own service user.\nFix: name the service user in service_user_id.`);
    }
    if (!(0,_base_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .isUsableId */ .cZ)(id)) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The API named a service user the action cannot use: GET /v3/self says the credential belongs to ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(id)}, and an id must be ${_base_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .ID_RULE */ .Rb}.\nFix: pass the service user's id explicitly in service_user_id.`);
    }
    return id;
}
/** Every key of a service user in a status, through all pages. */
async function listKeys(client, serviceUserId, status) {
    const keys = [];
    await (0,_devin_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .forEachPage */ .o)((after) => client.listServiceUserKeysPage(serviceUserId, { status, first: _devin_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .PAGE_SIZE */ .m, after }), (items) => keys.push(...items), `the API keys of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(serviceUserId)}`);
    return keys;
}
const MAX_CANDIDATES = 20;
function describeCandidates(keys) {
    const described = keys
        .slice(0, MAX_CANDIDATES)
        .map((key) => `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_name)} (${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_id)}, created ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(key.created_at)})`);
    if (keys.length > MAX_CANDIDATES)
        described.push(`and ${keys.length - MAX_CANDIDATES} more`);
    return described.join(', ');
}
/**
 * The key a reference names. By name, the one active key with it; when every key with the name
 * is revoked or expired, the newest of them, marked inactive. A name that matches no key, or
 * more than one active key, is an error that lists the candidates.
 */
async function resolveKey(client, serviceUserId, key) {
    if ('id' in key)
        return { id: key.id, active: true };
    const all = await listKeys(client, serviceUserId, 'all');
    const named = all.filter((candidate) => candidate.api_key_name === key.name);
    const active = named.filter((candidate) => candidate.is_active);
    const name = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.name);
    const user = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(serviceUserId);
    const [onlyActive] = active;
    if (onlyActive !== undefined && active.length === 1)
        return { id: onlyActive.api_key_id, active: true };
    if (active.length > 1) {
        throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`The name ${name} is ambiguous: service user ${user} has ${active.length} active keys with it: ${describeCandidates(active)}.\nFix: pass the key's api_key_id instead of key_name.`);
    }
    const newest = named.reduce((latest, candidate) => latest === undefined || candidate.created_at > latest.created_at ? candidate : latest, undefined);
    if (newest !== undefined)
        return { id: newest.api_key_id, active: false };
    const activeKeys = all.filter((candidate) => candidate.is_active);
    const candidates = activeKeys.length === 0
        ? 'it has no active key at all'
        : `its active keys: ${describeCandidates(activeKeys)}`;
    throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`Service user ${user} has no key named ${name}; ${candidates}.\nFix: check key_name (names are matched exactly), or pass api_key_id.`);
}
/** Clocks of the runner and the API may differ by this much when matching a lost key. */
const CLOCK_SKEW_SECONDS = 300;
/**
 * The keys a lost create may have made: active, with this name, made since the request left
 * (allowing for skew between the clocks).
 */
async function findLostKeys(client, serviceUserId, name, sentAtSeconds) {
    return (await listKeys(client, serviceUserId, 'active')).filter((key) => key.api_key_name === name && key.created_at >= sentAtSeconds - CLOCK_SKEW_SECONDS);
}
/** The candidates, for a message: name, id and when each was made. */
function describeLostKeys(keys) {
    return keys
        .slice(0, 10)
        .map((key) => `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X0)(key.api_key_id)} (created ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(key.created_at)})`)
        .join(', ');
}


/***/ })

};
