export const id = 30;
export const ids = [30];
export const modules = {

/***/ 4878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ mapConcurrently)
/* harmony export */ });
/**
 * Runs `task` over `items`, at most `limit` at once, keeping the results in order. When one
 * fails, no other starts, `signal` tells those running to stop where they can, and the call
 * rejects with that first failure only once they have all ended: the caller may then close
 * what they share.
 */
async function mapConcurrently(items, limit, task) {
    const results = new Array(items.length);
    const stop = new AbortController();
    let failure;
    let next = 0;
    const worker = async () => {
        while (failure === undefined && next < items.length) {
            const index = next++;
            try {
                results[index] = await task(items[index], stop.signal);
            }
            catch (error) {
                failure ??= { error };
                stop.abort();
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure !== undefined)
        throw failure.error;
    return results;
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

/***/ 298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V2: () => (/* binding */ failure),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   wH: () => (/* binding */ SecretsApiError)
/* harmony export */ });
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4758);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4988);


/** A GitHub call about one target failed; the message names the cause and the fix. */
class SecretsApiError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ {
    name = 'SecretsApiError';
}
/** "acme/web", or "acme/web environment production": where a target's secret lives. */
function describeTarget(target) {
    const repository = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteUntrusted */ .X0)(target.repository);
    return target.environment === undefined
        ? `repository ${repository}`
        : `environment ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteUntrusted */ .X0)(target.environment)} of repository ${repository}`;
}
function failure(target, doing, error) {
    const status = error.status;
    const where = describeTarget(target);
    const what = doing === 'write secret'
        ? `write secret ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteUntrusted */ .X0)(target.secretName)} of ${where}`
        : `read the public key of ${where}`;
    const environmentRead = target.environment === undefined ? '' : ', and Environments read';
    let cause;
    if (status === 404) {
        cause =
            target.environment === undefined
                ? 'no such repository, or the token cannot see it. Fix: check the name in repositories, and give github_token access to the repository.'
                : "no such repository or environment, or the token cannot see it. Fix: check repositories and environment (make the environment in the repository's Settings > Environments), and give github_token access to the repository.";
    }
    else if (status === 403) {
        cause = `the token lacks the permission to ${doing === 'write secret' ? 'write' : 'read'} secrets. Fix: give github_token Secrets read and write${environmentRead} (fine-grained token or GitHub App), or the repo scope (classic token).`;
    }
    else if (status === 401) {
        cause = 'GitHub does not accept github_token (expired or revoked). Fix: pass a valid token.';
    }
    else {
        cause = `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteUntrusted */ .X0)((0,_base_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error))}. Fix: run the job again; if it keeps failing, check GitHub's status and GITHUB_API_URL.`;
    }
    const code = typeof status === 'number' ? ` (HTTP ${status})` : '';
    return new SecretsApiError(`Could not ${what}${code}: ${cause}`);
}


/***/ }),

/***/ 7363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ outputMintedKey),
/* harmony export */   r: () => (/* binding */ expiresAtSeconds)
/* harmony export */ });
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6496);

/** The UNIX time (seconds) an expiry means for a key made at `nowSeconds`. */
function expiresAtSeconds(expiry, nowSeconds) {
    return 'inSeconds' in expiry ? nowSeconds + expiry.inSeconds : expiry.atSeconds;
}
/**
 * Hands a new key to later steps. Its token was masked when the answer was parsed; only the
 * `api_key` output carries it.
 */
function outputMintedKey(runtime, minted, expiresAt) {
    runtime.setOutput('api_key', minted.token);
    runtime.setOutput('api_key_id', minted.api_key_id);
    runtime.setOutput('api_key_name', minted.api_key_name);
    runtime.setOutput('expires_at', expiresAt === null ? '' : (0,_base_time_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .L)(expiresAt));
}


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


/***/ }),

/***/ 4030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createInSecrets: () => (/* binding */ createInSecrets),
  provisionInSecrets: () => (/* binding */ provisionInSecrets),
  rotateInSecrets: () => (/* binding */ rotateInSecrets),
  targetKeyName: () => (/* binding */ targetKeyName)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/base/concurrency.ts
var concurrency = __webpack_require__(4878);
// EXTERNAL MODULE: ./src/base/errors.ts
var errors = __webpack_require__(4758);
// EXTERNAL MODULE: ./src/base/time.ts
var time = __webpack_require__(6496);
// EXTERNAL MODULE: ./src/base/untrusted.ts
var untrusted = __webpack_require__(4988);
// EXTERNAL MODULE: ./src/devin/errors.ts
var devin_errors = __webpack_require__(4533);
// EXTERNAL MODULE: ./src/github/secrets.ts
var secrets = __webpack_require__(298);
// EXTERNAL MODULE: ./src/inputs/parsers.ts + 2 modules
var parsers = __webpack_require__(5582);
;// CONCATENATED MODULE: ./src/summary/secrets-summary.ts

const cell = (value) => (value === null ? '–' : (0,untrusted/* markdownText */.p7)(value));
/** The job summary of keys stored in Actions secrets: a table of targets, then the failures. */
function secretsSummary(report) {
    const lines = [`### ${report.heading}`, ''];
    if (report.planned !== undefined) {
        lines.push('| Repository | Environment | Would |', '| --- | --- | --- |');
        for (const plan of report.planned) {
            lines.push(`| ${cell(plan.repository)} | ${cell(plan.environment)} | ${cell(plan.action)} |`);
        }
        lines.push('');
    }
    if (report.stored.length > 0) {
        lines.push('| Repository | Environment | Secret | Result | Key | Key id | Expires |', '| --- | --- | --- | --- | --- | --- | --- |');
        for (const entry of report.stored) {
            lines.push(`| ${[
                entry.repository,
                entry.environment,
                entry.secret_name,
                entry.secret,
                entry.api_key_name,
                entry.api_key_id,
                entry.expires_at,
            ]
                .map(cell)
                .join(' | ')} |`);
        }
        lines.push('');
    }
    if (report.failed.length > 0) {
        lines.push(`**Failed (${report.failed.length})**`, '');
        for (const failure of report.failed) {
            const where = failure.environment === null
                ? (0,untrusted/* markdownText */.p7)(failure.repository)
                : `${(0,untrusted/* markdownText */.p7)(failure.repository)} (environment ${(0,untrusted/* markdownText */.p7)(failure.environment)})`;
            lines.push(`- ${where}: ${(0,untrusted/* markdownText */.p7)(failure.message, 1_000)}`);
        }
        lines.push('');
    }
    for (const note of report.notes ?? [])
        lines.push(note, '');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/operations/context.ts + 2 modules
var operations_context = __webpack_require__(5105);
// EXTERNAL MODULE: ./src/operations/minted-key.ts
var minted_key = __webpack_require__(7363);
// EXTERNAL MODULE: ./src/operations/service-user.ts
var service_user = __webpack_require__(1245);
;// CONCATENATED MODULE: ./src/operations/store-in-secrets.ts












/** GitHub calls at once while public keys are read (GitHub's secondary limits allow far more). */
const READ_CONCURRENCY = 8;
/** Keys minted and stored at once: each mint is a POST to Devin, so fewer. */
const MINT_CONCURRENCY = 4;
/**
 * The name of the key stored in a target's secret, so that a later rotate finds it by name:
 * repository, environment and secret name. Too long a name is cut, with a hash of the whole.
 */
function targetKeyName(target) {
    const name = [
        target.repository,
        ...(target.environment === undefined ? [] : ['environment', target.environment]),
        'secret',
        target.secretName,
    ].join(' ');
    if (name.length <= parsers/* MAX_KEY_NAME_LENGTH */.ih)
        return name;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 12);
    return `${name.slice(0, parsers/* MAX_KEY_NAME_LENGTH */.ih - hash.length - 2)}… ${hash}`;
}
function targetsOf(store, runtime) {
    let repositories = store.repositories;
    if (repositories.length === 0) {
        const current = runtime.getEnv('GITHUB_REPOSITORY') ?? '';
        if (current === '') {
            throw new errors/* ActionError */.lZ('repositories: is empty and GITHUB_REPOSITORY is not set, so there is no repository to store the key in.\nFix: list the repositories as owner/repo.');
        }
        repositories = [current];
    }
    return repositories.map((repository) => ({
        repository,
        environment: store.environment,
        secretName: store.secretName,
    }));
}
const failedTarget = (target, message) => ({
    repository: target.repository,
    environment: target.environment ?? null,
    message,
});
/**
 * Stores one distinct key per target: reads every target's public key (and whatever the
 * operation checks) before any key is made, then mints, seals and writes each one. A target
 * that fails is named with its cause; the others still get their keys, and the job fails at
 * the end, listing what failed. A key is never printed and never an output.
 */
async function storeInSecrets(store, dryRun, minter, runtime) {
    const targets = targetsOf(store, runtime);
    const { githubSecretsApi } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(127)]).then(__webpack_require__.bind(__webpack_require__, 9127));
    const api = githubSecretsApi(store.githubToken);
    const secret = (0,untrusted/* quoteUntrusted */.X0)(store.secretName);
    runtime.info(`Checking ${targets.length} target${targets.length === 1 ? '' : 's'} of secret ${secret} before any key is made.`);
    const checked = await (0,concurrency/* mapConcurrently */.X)(targets, READ_CONCURRENCY, async (target) => {
        try {
            const publicKey = await api.publicKey(target);
            const prepared = await minter.prepare(target);
            return { target, publicKey, prepared };
        }
        catch (error) {
            const failed = failedTarget(target, (0,errors/* messageOf */.bD)(error));
            runtime.info(`✗ ${(0,secrets/* describeTarget */.ff)(target)}: ${failed.message}`);
            return { target, failed };
        }
    });
    const outcomes = await (0,concurrency/* mapConcurrently */.X)(checked, MINT_CONCURRENCY, async (check) => {
        if ('failed' in check)
            return { failed: check.failed };
        const { target, publicKey, prepared } = check;
        if (dryRun) {
            const action = minter.plan(target, prepared);
            runtime.info(`Dry run: ${(0,secrets/* describeTarget */.ff)(target)}: would ${action} and store it in secret ${secret}.`);
            return {
                planned: {
                    repository: target.repository,
                    environment: target.environment ?? null,
                    action,
                },
            };
        }
        return storeOne(target, publicKey, prepared, minter, runtime, api);
    });
    const stored = outcomes.flatMap((outcome) => ('stored' in outcome ? [outcome.stored] : []));
    const failed = outcomes.flatMap((outcome) => ('failed' in outcome ? [outcome.failed] : []));
    const planned = outcomes.flatMap((outcome) => ('planned' in outcome ? [outcome.planned] : []));
    if (!dryRun)
        runtime.setOutput('secrets', JSON.stringify(stored));
    await runtime.appendSummary(secretsSummary({
        heading: dryRun ? `${minter.heading} (dry run)` : minter.heading,
        stored,
        failed,
        ...(dryRun ? { planned } : {}),
        notes: dryRun
            ? ['Dry run: every public key was read; no key was made and no secret was written.']
            : [
                'Keys stored in secrets outlive the job: the post step does not revoke them. The keys are never shown or set as outputs.',
            ],
    }));
    const total = dryRun
        ? `Dry run: ${planned.length} of ${targets.length} targets ready; nothing was minted or written.`
        : `Stored a key in ${stored.length} of ${targets.length} secrets named ${secret}${failed.length > 0 ? `; ${failed.length} failed` : ''}.`;
    runtime.info(total);
    if (failed.length > 0) {
        const lines = failed.map((failure) => `  - ${(0,secrets/* describeTarget */.ff)({ repository: failure.repository, environment: failure.environment ?? undefined, secretName: store.secretName })}: ${failure.message}`);
        throw new errors/* ActionError */.lZ(`${total}\nFailed:\n${lines.join('\n')}`);
    }
}
/** Mints the target's key, seals it and writes the secret; a key not stored is not kept. */
async function storeOne(target, publicKey, prepared, minter, runtime, api) {
    const where = (0,secrets/* describeTarget */.ff)(target);
    let key;
    try {
        key = await minter.mint(target, prepared);
    }
    catch (error) {
        const message = `no key was stored: ${(0,errors/* messageOf */.bD)(error)}`;
        runtime.info(`✗ ${where}: ${message}`);
        return { failed: failedTarget(target, message) };
    }
    let written;
    try {
        const { sealSecret } = await __webpack_require__.e(/* import() */ 286).then(__webpack_require__.bind(__webpack_require__, 7286));
        written = await api.writeSecret(target, await sealSecret(key.token, publicKey.key), publicKey.keyId);
    }
    catch (error) {
        let fate;
        try {
            fate = await minter.discard(target, key, prepared);
        }
        catch (discardError) {
            fate = `and it could not be revoked either: ${(0,errors/* messageOf */.bD)(discardError)}. Revoke key ${(0,untrusted/* quoteUntrusted */.X0)(key.apiKeyId ?? '')} with operation revoke`;
        }
        const message = `${(0,errors/* messageOf */.bD)(error)} The key made for it ${fate}.`;
        runtime.info(`✗ ${where}: ${message}`);
        return { failed: failedTarget(target, message) };
    }
    let after;
    try {
        after = await minter.afterStored(target, key, prepared);
    }
    catch (error) {
        after = '';
        runtime.warning(`${where}: the key is stored, but ${(0,errors/* messageOf */.bD)(error)}`);
    }
    const expiry = key.expiresAt === null ? '' : ` (expiring ${(0,time/* isoTime */.L)(key.expiresAt)})`;
    const named = key.apiKeyId === null ? 'a new key' : `key ${(0,untrusted/* quoteUntrusted */.X0)(key.apiKeyId)}`;
    runtime.info(`✓ ${where}: ${named}${expiry} stored in secret ${(0,untrusted/* quoteUntrusted */.X0)(target.secretName)} (${written}).${after === '' ? '' : ` ${after}`}`);
    return {
        stored: {
            repository: target.repository,
            environment: target.environment ?? null,
            secret_name: target.secretName,
            secret: written,
            api_key_name: key.apiKeyName,
            api_key_id: key.apiKeyId,
            expires_at: key.expiresAt === null ? null : (0,time/* isoTime */.L)(key.expiresAt),
        },
    };
}
function nowSecondsOf(context) {
    return Math.floor((context.dependencies.now ?? Date.now)() / 1000);
}
async function withClient(inputs, context, run) {
    const client = (0,operations_context.openDevinClient)(inputs, context);
    try {
        await run(client);
    }
    finally {
        await client.close();
    }
}
/**
 * Keys a lost create or rotate may have made: named `name`, made since `sentAt`, and none of
 * the keys known before this run.
 */
async function findLostKeysOf(client, serviceUserId, name, sentAt, known) {
    const lost = await (0,service_user.findLostKeys)(client, serviceUserId, name, sentAt);
    return lost.filter((key) => !known.has(key.api_key_id));
}
/**
 * Turns a lost answer into a message. A target's key name is the same in every run for that
 * target, so it cannot tell the key this run made from one another job made for the same
 * target at the same time (which that job may be storing): such keys are named, never revoked.
 */
async function afterLostAnswer(error, findLost, name) {
    const lostOrUnreadable = error instanceof devin_errors/* MintOutcomeUnknownError */.B$ || error instanceof devin_errors/* MintAnswerUnreadableError */.cK;
    if (!lostOrUnreadable)
        throw error;
    let lost;
    try {
        lost = await findLost();
    }
    catch (cleanupError) {
        throw new errors/* ActionError */.lZ(`${error.message}\nLooking for the key it may have made failed too (${(0,errors/* messageOf */.bD)(cleanupError)}): a key named ${(0,untrusted/* quoteUntrusted */.X0)(name)} may exist that nobody holds; revoke it with operation revoke.`);
    }
    if (lost.length === 0) {
        throw new errors/* ActionError */.lZ(`${error.message}\nNo key had been made; run the job again.`);
    }
    throw new errors/* ActionError */.lZ(`${error.message}\nActive key${lost.length === 1 ? '' : 's'} named ${(0,untrusted/* quoteUntrusted */.X0)(name)} made since: ${(0,service_user.describeLostKeys)(lost)}. The name cannot tell the key this run made from one another job made for the same target, so none was revoked.\nFix: revoke the key nobody holds by its api_key_id (operation revoke), then run the job again.`);
}
/** `create` with secret_name: one key per target, named after it, stored in its secret. */
async function createInSecrets(inputs, context) {
    const { runtime } = context;
    await withClient(inputs, context, async (client) => {
        const serviceUserId = inputs.serviceUserId ?? (await (0,service_user/* ownServiceUserId */.Gi)(client));
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        runtime.info('Keys stored in secrets outlive the job: the post step does not revoke them (revoke_on_exit does not apply); rotate them with operation rotate and the same secret_name.');
        // Keys an earlier run stored: replaced and revoked once the new key is stored, so a re-run
        // leaves one key per target.
        const earlier = await (0,service_user/* listKeys */.TH)(client, serviceUserId, 'active');
        const named = (name) => earlier.filter((key) => key.api_key_name === name);
        const known = new Set(earlier.map((key) => key.api_key_id));
        const expiresAt = (0,minted_key/* expiresAtSeconds */.r)(inputs.expiry, nowSecondsOf(context));
        await storeInSecrets(inputs.secrets, inputs.dryRun, {
            heading: 'Devin API keys created and stored in secrets',
            prepare: async (target) => Promise.resolve(targetKeyName(target)),
            plan: (_target, name) => `create key ${(0,untrusted/* quoteUntrusted */.X0)(name)} for service user ${user}, expiring ${(0,time/* isoTime */.L)(expiresAt)},`,
            mint: async (_target, name) => {
                const sentAt = nowSecondsOf(context);
                try {
                    const minted = await client.createServiceUserKey(serviceUserId, { name, expiresAt });
                    return {
                        token: minted.token,
                        apiKeyId: minted.api_key_id,
                        apiKeyName: minted.api_key_name,
                        expiresAt,
                    };
                }
                catch (error) {
                    return afterLostAnswer(error, () => findLostKeysOf(client, serviceUserId, name, sentAt, known), name);
                }
            },
            discard: async (_target, key) => {
                await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
                return `(${(0,untrusted/* quoteUntrusted */.X0)(key.apiKeyId ?? '')}) was revoked at once, so none is left behind`;
            },
            afterStored: async (_target, key, name) => {
                const replaced = named(name).filter((old) => old.api_key_id !== key.apiKeyId);
                for (const old of replaced)
                    await client.revokeServiceUserKey(serviceUserId, old.api_key_id);
                return replaced.length === 0
                    ? ''
                    : `Revoked the key${replaced.length === 1 ? '' : 's'} it replaced: ${replaced.map((old) => (0,untrusted/* quoteUntrusted */.X0)(old.api_key_id)).join(', ')}.`;
            },
        }, runtime);
    });
}
/**
 * `rotate` with secret_name: each target's key, found by the target's name, is rotated keeping
 * the current key active; the new token is stored, and only then is the old key revoked (with
 * revoke_current). A new key that cannot be stored is revoked, and the old one kept.
 */
async function rotateInSecrets(inputs, context) {
    const { runtime } = context;
    await withClient(inputs, context, async (client) => {
        const serviceUserId = inputs.serviceUserId ?? (await (0,service_user/* ownServiceUserId */.Gi)(client));
        const user = (0,untrusted/* quoteUntrusted */.X0)(serviceUserId);
        const active = inputs.key === undefined ? await (0,service_user/* listKeys */.TH)(client, serviceUserId, 'active') : [];
        const known = new Set(active.map((key) => key.api_key_id));
        const newKeyExpiresAt = (0,minted_key/* expiresAtSeconds */.r)(inputs.expiry, nowSecondsOf(context));
        const find = async (target) => {
            if (inputs.key !== undefined) {
                const resolved = await (0,service_user/* resolveKey */.oO)(client, serviceUserId, inputs.key);
                if (!resolved.active) {
                    throw new errors/* ActionError */.lZ(`every key named by api_key_id or key_name is revoked or expired, and only an active key can be rotated. Fix: make a new key with operation create and the same secret_name.`);
                }
                return { id: resolved.id, name: 'name' in inputs.key ? inputs.key.name : resolved.id };
            }
            const name = targetKeyName(target);
            const matches = active.filter((key) => key.api_key_name === name);
            const [only] = matches;
            if (only !== undefined && matches.length === 1)
                return { id: only.api_key_id, name };
            if (matches.length > 1) {
                throw new errors/* ActionError */.lZ(`service user ${user} has ${matches.length} active keys named ${(0,untrusted/* quoteUntrusted */.X0)(name)} (${matches.map((key) => (0,untrusted/* quoteUntrusted */.X0)(key.api_key_id)).join(', ')}). Fix: revoke all but the one in the secret with operation revoke, then rotate again.`);
            }
            throw new errors/* ActionError */.lZ(`service user ${user} has no active key named ${(0,untrusted/* quoteUntrusted */.X0)(name)}. Fix: make it with operation create and the same secret_name, repositories and environment.`);
        };
        const expiry = `expiring ${(0,time/* isoTime */.L)(newKeyExpiresAt)}`;
        await storeInSecrets(inputs.secrets, inputs.dryRun, {
            heading: 'Devin API keys rotated in secrets',
            prepare: find,
            plan: (_target, current) => `rotate key ${(0,untrusted/* quoteUntrusted */.X0)(current.id)} (${(0,untrusted/* quoteUntrusted */.X0)(current.name)}) to a new key ${expiry}, ${inputs.revokeCurrent ? 'revoking the old key once the new one is stored' : 'keeping the old key'},`,
            mint: async (_target, current) => {
                const sentAt = nowSecondsOf(context);
                try {
                    const rotated = await client.rotateServiceUserKey(serviceUserId, current.id, {
                        newKeyExpiresAt,
                        revokeCurrent: false,
                    });
                    return {
                        token: rotated.token,
                        apiKeyId: rotated.api_key_id,
                        apiKeyName: rotated.api_key_name,
                        expiresAt: newKeyExpiresAt,
                    };
                }
                catch (error) {
                    return afterLostAnswer(error, 
                    // Never the key being rotated: it is still active, and still in the secret.
                    () => findLostKeysOf(client, serviceUserId, current.name, sentAt, new Set([...known, current.id])), current.name);
                }
            },
            discard: async (_target, key, current) => {
                await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
                return `(${(0,untrusted/* quoteUntrusted */.X0)(key.apiKeyId ?? '')}) was revoked; the old key ${(0,untrusted/* quoteUntrusted */.X0)(current.id)} is kept, still active and still in the secret`;
            },
            afterStored: async (_target, _key, current) => {
                if (!inputs.revokeCurrent) {
                    return `The old key ${(0,untrusted/* quoteUntrusted */.X0)(current.id)} is kept active (revoke_current: false).`;
                }
                try {
                    await client.revokeServiceUserKey(serviceUserId, current.id);
                }
                catch (error) {
                    throw new errors/* ActionError */.lZ(`the old key ${(0,untrusted/* quoteUntrusted */.X0)(current.id)} could not be revoked: ${(0,errors/* messageOf */.bD)(error)}\nFix: revoke it with operation revoke and api_key_id.`);
                }
                return `Revoked the old key ${(0,untrusted/* quoteUntrusted */.X0)(current.id)}.`;
            },
        }, runtime);
    });
}
/**
 * `provision` with secret_name: one new service key of the organization per target. A v2 key
 * has no id in its answer, so one that cannot be stored cannot be revoked here: it is reported
 * as orphaned, by organization and time, with how to find and revoke it.
 */
async function provisionInSecrets(inputs, context) {
    const { runtime } = context;
    const org = (0,untrusted/* quoteUntrusted */.X0)(inputs.orgId);
    await withClient(inputs, context, async (client) => {
        await storeInSecrets(inputs.secrets, inputs.dryRun, {
            heading: 'Devin service keys provisioned into secrets',
            prepare: async () => Promise.resolve(undefined),
            plan: () => `provision a service key (apk_…) of organization ${org}`,
            mint: async () => {
                const issued = await client.provisionServiceKey(inputs.orgId);
                if (issued.org_id !== inputs.orgId) {
                    runtime.warning(`Asked for a key for organization ${org}, but the API says it issued one for ${(0,untrusted/* quoteUntrusted */.X0)(issued.org_id)}.`);
                }
                return { token: issued.api_key, apiKeyId: null, apiKeyName: null, expiresAt: null };
            },
            discard: () => {
                const at = (0,time/* isoTime */.L)(nowSecondsOf(context));
                const message = `is orphaned: a service key of organization ${org} minted at ${at}, held by nobody. The v2 answer carries no id, so the action cannot revoke it. Fix: list the organization's keys (GET /v2/enterprise/api-keys?org_id=${inputs.orgId}, or the web app), find the key created at ${at}, and revoke it with DELETE /v2/enterprise/api-keys/{api_key_id}`;
                runtime.warning(`Orphaned service key: the key for a target ${message}.`, {
                    title: 'Orphaned Devin service key',
                });
                return Promise.resolve(message);
            },
            afterStored: () => Promise.resolve(''),
        }, runtime);
    });
}


/***/ })

};
