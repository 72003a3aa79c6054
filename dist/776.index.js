export const id = 776;
export const ids = [776];
export const modules = {

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

/***/ 3776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   create: () => (/* binding */ create)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4533);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4758);
/* harmony import */ var _inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5582);
/* harmony import */ var _summary_key_summary_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2890);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4988);
/* harmony import */ var _created_key_state_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(4132);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5105);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6496);
/* harmony import */ var _minted_key_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7363);
/* harmony import */ var _service_user_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1245);











/** Creating is tried this often when its answer is lost; each loss is cleaned up first. */
const MAX_CREATE_ATTEMPTS = 2;
/**
 * A name unique to this run, so that a key whose answer was lost can be found again:
 * repository, run id and attempt, job, and a random tag (matrix jobs share a job id).
 */
function runKeyName(getEnv, tag) {
    const parts = [
        getEnv('GITHUB_REPOSITORY') ?? 'local',
        `run ${getEnv('GITHUB_RUN_ID') ?? '0'}.${getEnv('GITHUB_RUN_ATTEMPT') ?? '1'}`,
        getEnv('GITHUB_JOB') ?? 'job',
        tag,
    ];
    const name = parts.join(' ');
    // Keep the tag, which makes it unique, when a long repository name must be cut.
    return name.length <= _inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_KEY_NAME_LENGTH */ .ih
        ? name
        : `${name.slice(0, _inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_KEY_NAME_LENGTH */ .ih - tag.length - 2)}… ${tag}`;
}
/** A lost key cannot be told apart from another job's: it is left alone, and the run fails. */
class AmbiguousLostKeyError extends _base_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ {
}
/**
 * Revokes keys that a lost create may have made. Their tokens are gone for good, so nobody can
 * use them. Only a name unique to this run tells its key apart: with a name the user chose,
 * a match may be a sibling job's key, so none is revoked and the run fails, naming them.
 */
async function revokeLostKeys(client, runtime, serviceUserId, key, sentAtSeconds) {
    const lost = await (0,_service_user_js__WEBPACK_IMPORTED_MODULE_6__.findLostKeys)(client, serviceUserId, key.name, sentAtSeconds);
    if (lost.length > 0 && !key.nameIsUnique) {
        throw new AmbiguousLostKeyError(`Could not create a key: the answer to the create was lost, and service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(serviceUserId)} has ${lost.length} active key${lost.length === 1 ? '' : 's'} named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(key.name)} made since: ${(0,_service_user_js__WEBPACK_IMPORTED_MODULE_6__.describeLostKeys)(lost)}. The name cannot tell the key this run made from another job's, so none was revoked.\nFix: revoke the key nobody holds by its api_key_id (operation revoke), or leave key_name empty so that each run names its key uniquely.`);
    }
    for (const found of lost) {
        await client.revokeServiceUserKey(serviceUserId, found.api_key_id);
        runtime.warning(`Revoked key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(found.api_key_id)} named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(key.name)}: it was created, but the answer that carried its token was lost.`);
    }
    return lost.length;
}
/** Cleans up after a create whose answer was lost or unreadable; the error says how it ended. */
async function cleanUpAfter(client, runtime, serviceUserId, key, sentAtSeconds) {
    try {
        return await revokeLostKeys(client, runtime, serviceUserId, key, sentAtSeconds);
    }
    catch (cleanupError) {
        if (cleanupError instanceof AmbiguousLostKeyError)
            throw cleanupError;
        throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`Could not create a key: the answer to the create was lost, and looking for the key it may have made failed too: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .messageOf */ .bD)(cleanupError)}\nA key named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(key.name)} may exist that nobody holds. Revoke it with operation revoke and key_name, or in Enterprise Settings > Service Users.`);
    }
}
/**
 * Creates the key so that none is left behind: when the answer to the create is lost after the
 * request was sent, the key may exist with nobody holding its token. It is found by its name,
 * revoked, and the create is tried once more. A success answer that cannot be right (no token)
 * is cleaned up the same way, but not tried again: it would only happen again.
 */
async function createWithoutOrphans(client, runtime, serviceUserId, key, nowSeconds, beforeSending) {
    for (let attempt = 1;; attempt++) {
        const sentAt = nowSeconds();
        if (attempt === 1)
            beforeSending(sentAt);
        try {
            return await client.createServiceUserKey(serviceUserId, key);
        }
        catch (error) {
            if (error instanceof _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .MintAnswerUnreadableError */ .cK) {
                const revoked = await cleanUpAfter(client, runtime, serviceUserId, key, sentAt);
                throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`${error.message}\n${revoked === 0 ? 'No key with its name was found active.' : `The key it made was revoked (${revoked}), so none is left behind.`}`);
            }
            if (!(error instanceof _devin_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .MintOutcomeUnknownError */ .B$))
                throw error;
            runtime.warning(`The answer to creating key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(key.name)} was lost; a key may exist that nobody holds. Looking for it by name to revoke it.\n${error.message}`);
            const revoked = await cleanUpAfter(client, runtime, serviceUserId, key, sentAt);
            if (attempt >= MAX_CREATE_ATTEMPTS) {
                throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`Could not create a key: the answer to the create was lost ${attempt} times. ${revoked === 0 ? 'No key was left behind' : `The key it made was revoked (${revoked}), so none is left behind`}.\nFix: run the job again later; if it keeps happening, check the network between the runner and ${client.origin}.`);
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
    const name = inputs.keyName ??
        runKeyName((variable) => runtime.getEnv(variable), (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex'));
    const client = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__.openDevinClient)(inputs, context);
    try {
        const serviceUserId = inputs.serviceUserId ?? (await (0,_service_user_js__WEBPACK_IMPORTED_MODULE_6__/* .ownServiceUserId */ .Gi)(client));
        const expiresAt = (0,_minted_key_js__WEBPACK_IMPORTED_MODULE_8__/* .expiresAtSeconds */ .r)(inputs.expiry, nowSeconds());
        const what = `key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(name)} for service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(serviceUserId)}, expiring ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_9__/* .isoTime */ .L)(expiresAt)}`;
        if (inputs.dryRun) {
            runtime.info(`Dry run: the inputs and the credential kind are valid. A real run would create ${what}${inputs.revokeOnExit ? ', and revoke it when the job ends' : ''}; nothing was created.`);
            return;
        }
        runtime.startGroup(`Creating ${what}`);
        let minted;
        try {
            minted = await createWithoutOrphans(client, runtime, serviceUserId, { name, nameIsUnique: inputs.keyName === undefined, expiresAt }, nowSeconds, (sentAt) => {
                // Should the job be cancelled while the create is in flight, the post step can still
                // find the key by its name and revoke it. Never a token: state is not masked.
                if (!inputs.revokeOnExit)
                    return;
                const pending = {
                    serviceUserId,
                    apiKeyName: name,
                    nameIsUnique: inputs.keyName === undefined,
                    sentAt,
                    expiresAt,
                };
                runtime.saveState(_created_key_state_js__WEBPACK_IMPORTED_MODULE_10__/* .CREATED_KEY_STATE */ .z3, JSON.stringify(pending));
            });
        }
        catch (error) {
            // The run accounted for every key it may have made (revoked, or named in the error): the
            // pending state is withdrawn, so the post step does not look again.
            if (inputs.revokeOnExit)
                runtime.saveState(_created_key_state_js__WEBPACK_IMPORTED_MODULE_10__/* .CREATED_KEY_STATE */ .z3, '');
            throw error;
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
            runtime.saveState(_created_key_state_js__WEBPACK_IMPORTED_MODULE_10__/* .CREATED_KEY_STATE */ .z3, JSON.stringify(state));
        }
        (0,_minted_key_js__WEBPACK_IMPORTED_MODULE_8__/* .outputMintedKey */ .c)(runtime, minted, expiresAt);
        runtime.info(`Created key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(minted.api_key_id)} (${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .quoteUntrusted */ .X0)(minted.api_key_name)}), expiring ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_9__/* .isoTime */ .L)(expiresAt)}. It is masked in the log; later steps read it from the api_key output.${inputs.revokeOnExit ? ' It will be revoked when the job ends.' : ''}`);
        await runtime.appendSummary((0,_summary_key_summary_js__WEBPACK_IMPORTED_MODULE_3__/* .keySummary */ .q)({
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

/***/ 4132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mm: () => (/* binding */ isPending),
/* harmony export */   s$: () => (/* binding */ parseCreatedKeyState),
/* harmony export */   z3: () => (/* binding */ CREATED_KEY_STATE)
/* harmony export */ });
/**
 * What `create` passes to the post step so that it can revoke the key: never the token, since
 * saved state is not masked.
 */
const CREATED_KEY_STATE = 'created_key';
const isExpiry = (value) => value === null || Number.isInteger(value);
function isCreatedKeyState(state) {
    return (typeof state.serviceUserId === 'string' &&
        typeof state.apiKeyId === 'string' &&
        typeof state.apiKeyName === 'string' &&
        isExpiry(state.expiresAt));
}
function isPendingKeyState(state) {
    return (state.apiKeyId === undefined &&
        typeof state.serviceUserId === 'string' &&
        typeof state.apiKeyName === 'string' &&
        typeof state.nameIsUnique === 'boolean' &&
        Number.isInteger(state.sentAt) &&
        isExpiry(state.expiresAt));
}
/** The state as `create` saved it; throws when it is anything else. */
function parseCreatedKeyState(saved) {
    let value;
    try {
        value = JSON.parse(saved);
    }
    catch {
        value = undefined;
    }
    if (typeof value === 'object' && value !== null) {
        const state = value;
        if (isCreatedKeyState(state))
            return state;
        if (isPendingKeyState(state))
            return state;
    }
    throw new Error('the saved state does not name a key this action created');
}
function isPending(state) {
    return !('apiKeyId' in state);
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

/***/ 2890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ keySummary)
/* harmony export */ });
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6496);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4988);


function expiry(expiresAt) {
    if (expiresAt === undefined)
        return 'as before';
    return expiresAt === null ? 'never' : (0,_base_time_js__WEBPACK_IMPORTED_MODULE_1__/* .isoTime */ .L)(expiresAt);
}
/** The job summary of an operation on one service user key. It never holds a token. */
function keySummary(report) {
    const rows = [
        ['Service user', (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(report.serviceUserId)],
        [
            'Key',
            report.apiKeyName === undefined
                ? (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(report.apiKeyId)
                : `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(report.apiKeyName)} (${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(report.apiKeyId)})`,
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
