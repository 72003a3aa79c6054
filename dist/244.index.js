export const id = 244;
export const ids = [244];
export const modules = {

/***/ 159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X2: () => (/* binding */ mapConcurrently),
/* harmony export */   md: () => (/* binding */ PAGE_SIZE),
/* harmony export */   oO: () => (/* binding */ forEachPage)
/* harmony export */ });
/* unused harmony export MAX_PAGES */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _report_untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(480);



/** The most the API serves in one page (api/README.md, "Paging"). */
const PAGE_SIZE = 200;
/** A million keys for one service user: past this, the API is looping, not listing. */
const MAX_PAGES = 5_000;
/**
 * Reads every page, handing each page's items to `visit` as it arrives (so a large listing
 * is never held twice). The next page is asked for before this one is visited, so the API
 * prepares it while the items are worked through; still one request at a time. Stops on
 * `has_next_page: false` or a null cursor; a cursor seen before, or more than `maxPages` pages,
 * is an error rather than an endless loop.
 */
async function forEachPage(fetchPage, visit, describe, maxPages = MAX_PAGES) {
    const seenCursors = new Set();
    let nextPage = fetchPage(undefined);
    for (let pages = 1;; pages++) {
        const page = await nextPage;
        const cursor = page.end_cursor;
        if (!page.has_next_page || cursor === null || cursor === undefined) {
            visit(page.items);
            return pages;
        }
        if (seenCursors.has(cursor)) {
            throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API gave the cursor ${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteUntrusted */ .X)(cursor)} a second time, after ${pages} pages; the listing would never end, so the action stopped.\nFix: run the job again; if it happens again, report it to Devin support.`);
        }
        if (pages >= maxPages) {
            throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`Could not list ${describe}: the API still had more pages after ${pages}, more than any real listing; the action stopped to avoid an endless loop.\nFix: run the job again; if it happens again, report it to Devin support.`);
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

/***/ 5244:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  create: () => (/* binding */ create)
});

// UNUSED EXPORTS: runKeyName

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/devin/errors.ts
var errors = __webpack_require__(4533);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
// EXTERNAL MODULE: ./src/report/key-summary.ts
var key_summary = __webpack_require__(3828);
// EXTERNAL MODULE: ./src/report/untrusted.ts
var untrusted = __webpack_require__(480);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 9 modules
var schemas = __webpack_require__(2131);
;// CONCATENATED MODULE: ./src/created-key-state.ts

/**
 * What `create` passes to the post step so that it can revoke the key: never the token, since
 * saved state is not masked.
 */
const CREATED_KEY_STATE = 'created_key';
const CreatedKeyState = schemas/* object */.Ikc({
    serviceUserId: schemas/* string */.YjP(),
    apiKeyId: schemas/* string */.YjP(),
    apiKeyName: schemas/* string */.YjP(),
    expiresAt: schemas/* number */.aig().int().nullable(),
});

// EXTERNAL MODULE: ./src/operations/context.ts + 3 modules
var operations_context = __webpack_require__(4178);
// EXTERNAL MODULE: ./src/time.ts
var time = __webpack_require__(9834);
// EXTERNAL MODULE: ./src/operations/minted-key.ts
var minted_key = __webpack_require__(7363);
// EXTERNAL MODULE: ./src/operations/service-user.ts
var service_user = __webpack_require__(1245);
;// CONCATENATED MODULE: ./src/operations/create.ts











/** Creating is tried this often when its answer is lost; each loss is cleaned up first. */
const MAX_CREATE_ATTEMPTS = 2;
/** Clocks of the runner and the API may differ by this much when matching a lost key. */
const CLOCK_SKEW_SECONDS = 300;
/**
 * A name unique to this run, so that a key whose answer was lost can be found again:
 * repository, run id and attempt, job, and a random tag (matrix jobs share a job id).
 */
function runKeyName(env, tag) {
    const parts = [
        env.GITHUB_REPOSITORY ?? 'local',
        `run ${env.GITHUB_RUN_ID ?? '0'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        env.GITHUB_JOB ?? 'job',
        tag,
    ];
    const name = parts.join(' ');
    // Keep the tag, which makes it unique, when a long repository name must be cut.
    return name.length <= inputs/* MAX_KEY_NAME_LENGTH */.ih
        ? name
        : `${name.slice(0, inputs/* MAX_KEY_NAME_LENGTH */.ih - tag.length - 2)}… ${tag}`;
}
/**
 * Revokes keys that a lost create may have made: this name, made since the request left.
 * Their tokens are gone for good, so nobody can use them.
 */
async function revokeLostKeys(client, runtime, serviceUserId, name, sentAtSeconds) {
    const lost = (await (0,service_user/* listKeys */.TH)(client, serviceUserId, 'active')).filter((key) => key.api_key_name === name && key.created_at >= sentAtSeconds - CLOCK_SKEW_SECONDS);
    for (const key of lost) {
        await client.revokeServiceUserKey(serviceUserId, key.api_key_id);
        runtime.warning(`Revoked key ${(0,untrusted/* quoteUntrusted */.X)(key.api_key_id)} named ${(0,untrusted/* quoteUntrusted */.X)(name)}: it was created, but the answer that carried its token was lost.`);
    }
    return lost.length;
}
/**
 * Creates the key so that none is left behind: when the answer to the create is lost after the
 * request was sent, the key may exist with nobody holding its token. It is found by its name,
 * revoked, and the create is tried once more.
 */
async function createWithoutOrphans(client, runtime, serviceUserId, key, nowSeconds) {
    for (let attempt = 1;; attempt++) {
        const sentAt = nowSeconds();
        try {
            return await client.createServiceUserKey(serviceUserId, key);
        }
        catch (error) {
            if (!(error instanceof errors/* MintOutcomeUnknownError */.B$))
                throw error;
            runtime.warning(`The answer to creating key ${(0,untrusted/* quoteUntrusted */.X)(key.name)} was lost; a key may exist that nobody holds. Looking for it by name to revoke it.\n${error.message}`);
            let revoked;
            try {
                revoked = await revokeLostKeys(client, runtime, serviceUserId, key.name, sentAt);
            }
            catch (cleanupError) {
                const why = cleanupError instanceof Error ? cleanupError.message : String(cleanupError);
                throw new src_errors/* ActionError */.l(`Could not create a key: the answer to the create was lost, and looking for the key it may have made failed too: ${why}\nA key named ${(0,untrusted/* quoteUntrusted */.X)(key.name)} may exist that nobody holds. Revoke it with operation revoke and key_name, or in Enterprise Settings > Service Users.`);
            }
            if (attempt >= MAX_CREATE_ATTEMPTS) {
                throw new src_errors/* ActionError */.l(`Could not create a key: the answer to the create was lost ${attempt} times. ${revoked === 0 ? 'No key was left behind' : `The key it made was revoked (${revoked}), so none is left behind`}.\nFix: run the job again later; if it keeps happening, check the network between the runner and ${client.origin}.`);
            }
            runtime.info(revoked === 0
                ? 'No key had been made; creating it once more.'
                : `Revoked ${revoked} lost key${revoked === 1 ? '' : 's'}; creating the key once more.`);
        }
    }
}
/** Creates a short-lived key for a service user, revoked by the post step when the job ends. */
async function create(inputs, context) {
    const { runtime, dependencies } = context;
    const nowSeconds = () => Math.floor((dependencies.now ?? Date.now)() / 1000);
    const name = inputs.keyName ?? runKeyName(process.env, (0,external_node_crypto_.randomBytes)(4).toString('hex'));
    const client = (0,operations_context/* openDevinClient */._)(inputs, context);
    try {
        const serviceUserId = inputs.serviceUserId ?? (await (0,service_user/* ownServiceUserId */.Gi)(client));
        const expiresAt = (0,minted_key/* expiresAtSeconds */.r)(inputs.expiry, nowSeconds());
        const what = `key ${(0,untrusted/* quoteUntrusted */.X)(name)} for service user ${(0,untrusted/* quoteUntrusted */.X)(serviceUserId)}, expiring ${(0,time/* isoTime */.L)(expiresAt)}`;
        if (inputs.dryRun) {
            runtime.info(`Dry run: the inputs and the credential kind are valid. A real run would create ${what}${inputs.revokeOnExit ? ', and revoke it when the job ends' : ''}; nothing was created.`);
            return;
        }
        runtime.startGroup(`Creating ${what}`);
        let minted;
        try {
            minted = await createWithoutOrphans(client, runtime, serviceUserId, { name, expiresAt }, nowSeconds);
        }
        finally {
            runtime.endGroup();
        }
        // Saved before the key is handed out, so the post step revokes it whatever happens next.
        if (inputs.revokeOnExit) {
            const state = {
                serviceUserId,
                apiKeyId: minted.api_key_id,
                apiKeyName: minted.api_key_name,
                expiresAt,
            };
            runtime.saveState(CREATED_KEY_STATE, JSON.stringify(state));
        }
        (0,minted_key/* outputMintedKey */.c)(runtime, minted, expiresAt);
        runtime.info(`Created key ${(0,untrusted/* quoteUntrusted */.X)(minted.api_key_id)} (${(0,untrusted/* quoteUntrusted */.X)(minted.api_key_name)}), expiring ${(0,time/* isoTime */.L)(expiresAt)}. It is masked in the log; later steps read it from the api_key output.${inputs.revokeOnExit ? ' It will be revoked when the job ends.' : ''}`);
        await runtime.appendSummary((0,key_summary/* keySummary */.q)({
            heading: 'Devin API key created',
            serviceUserId,
            apiKeyId: minted.api_key_id,
            apiKeyName: minted.api_key_name,
            expiresAt,
            notes: [
                inputs.revokeOnExit
                    ? 'Revoked when the job ends (revoke_on_exit).'
                    : 'Kept after the job (revoke_on_exit: false).',
            ],
        }));
    }
    finally {
        await client.close();
    }
}


/***/ }),

/***/ 7363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ outputMintedKey),
/* harmony export */   r: () => (/* binding */ expiresAtSeconds)
/* harmony export */ });
/* harmony import */ var _time_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9834);

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
    runtime.setOutput('expires_at', expiresAt === null ? '' : (0,_time_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .L)(expiresAt));
}


/***/ }),

/***/ 1245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gi: () => (/* binding */ ownServiceUserId),
/* harmony export */   TH: () => (/* binding */ listKeys),
/* harmony export */   oO: () => (/* binding */ resolveKey)
/* harmony export */ });
/* harmony import */ var _audit_paging_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(159);
/* harmony import */ var _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _ids_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2325);
/* harmony import */ var _report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(480);
/* harmony import */ var _time_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9834);






/**
 * The service user behind the credential, for operations whose service_user_id is empty. Its id
 * is held to the rule for input ids: it goes into URL paths and the tracking issue's marker.
 */
async function ownServiceUserId(client) {
    const self = await client.getSelf();
    const id = self.service_user_id;
    if (id === null || id === undefined) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The credential belongs to a ${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(self.principal_type)}, not a service user, so it has no own service user.\nFix: name the service user in service_user_id.`);
    }
    if (!(0,_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .isUsableId */ .cZ)(id)) {
        throw new _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DevinApiError */ .D7(`The API named a service user the action cannot use: GET /v3/self says the credential belongs to ${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(id)}, and an id must be ${_ids_js__WEBPACK_IMPORTED_MODULE_2__/* .ID_RULE */ .Rb}.\nFix: pass the service user's id explicitly in service_user_id.`);
    }
    return id;
}
/** Every key of a service user in a status, through all pages. */
async function listKeys(client, serviceUserId, status) {
    const keys = [];
    await (0,_audit_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .forEachPage */ .oO)((after) => client.listServiceUserKeysPage(serviceUserId, { status, first: _audit_paging_js__WEBPACK_IMPORTED_MODULE_0__/* .PAGE_SIZE */ .md, after }), (items) => keys.push(...items), `the API keys of service user ${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(serviceUserId)}`);
    return keys;
}
const MAX_CANDIDATES = 20;
function describeCandidates(keys) {
    const described = keys
        .slice(0, MAX_CANDIDATES)
        .map((key) => `${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(key.api_key_name)} (${(0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(key.api_key_id)}, created ${(0,_time_js__WEBPACK_IMPORTED_MODULE_4__/* .isoTime */ .L)(key.created_at)})`);
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
    const name = (0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(key.name);
    const user = (0,_report_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteUntrusted */ .X)(serviceUserId);
    const [onlyActive] = active;
    if (onlyActive !== undefined && active.length === 1)
        return { id: onlyActive.api_key_id, active: true };
    if (active.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .l(`The name ${name} is ambiguous: service user ${user} has ${active.length} active keys with it: ${describeCandidates(active)}.\nFix: pass the key's api_key_id instead of key_name.`);
    }
    const newest = named.reduce((latest, candidate) => latest === undefined || candidate.created_at > latest.created_at ? candidate : latest, undefined);
    if (newest !== undefined)
        return { id: newest.api_key_id, active: false };
    const activeKeys = all.filter((candidate) => candidate.is_active);
    const candidates = activeKeys.length === 0
        ? 'it has no active key at all'
        : `its active keys: ${describeCandidates(activeKeys)}`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .l(`Service user ${user} has no key named ${name}; ${candidates}.\nFix: check key_name (names are matched exactly), or pass api_key_id.`);
}


/***/ }),

/***/ 3828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ keySummary)
/* harmony export */ });
/* harmony import */ var _time_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9834);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(480);


function expiry(expiresAt) {
    if (expiresAt === undefined)
        return 'as before';
    return expiresAt === null ? 'never' : (0,_time_js__WEBPACK_IMPORTED_MODULE_0__/* .isoTime */ .L)(expiresAt);
}
/** The job summary of an operation on one service user key. It never holds a token. */
function keySummary(report) {
    const rows = [
        ['Service user', (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p)(report.serviceUserId)],
        [
            'Key',
            report.apiKeyName === undefined
                ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p)(report.apiKeyId)
                : `${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p)(report.apiKeyName)} (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p)(report.apiKeyId)})`,
        ],
        ...(report.expiresAt === undefined
            ? []
            : [['Expires', expiry(report.expiresAt)]]),
        ...(report.rows ?? []),
    ];
    return [
        `### ${report.heading}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([label, value]) => `| ${label} | ${value} |`),
        '',
        ...(report.notes ?? []).map((note) => `${note}\n`),
    ].join('\n');
}


/***/ })

};
