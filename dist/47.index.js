export const id = 47;
export const ids = [47];
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

/***/ 3047:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rotate: () => (/* binding */ rotate)
/* harmony export */ });
/* harmony import */ var _summary_key_summary_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2890);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4988);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5105);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6496);
/* harmony import */ var _minted_key_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7363);
/* harmony import */ var _service_user_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1245);
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4758);







/**
 * Replaces a key with a new one. With revoke_current: false both stay active, so consumers can
 * move to the new key before the old one is revoked (a graceful rollover).
 */
async function rotate(inputs, context) {
    const { runtime, dependencies } = context;
    const nowSeconds = Math.floor((dependencies.now ?? Date.now)() / 1000);
    const client = (0,_context_js__WEBPACK_IMPORTED_MODULE_2__.openDevinClient)(inputs, context);
    try {
        const serviceUserId = inputs.serviceUserId ?? (await (0,_service_user_js__WEBPACK_IMPORTED_MODULE_3__/* .ownServiceUserId */ .Gi)(client));
        const current = await (0,_service_user_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveKey */ .oO)(client, serviceUserId, inputs.key);
        const currentId = current.id;
        if (!current.active) {
            throw new _base_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionError */ .lZ(`Could not rotate: every key named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)('name' in inputs.key ? inputs.key.name : currentId)} of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(serviceUserId)} is revoked or expired, and only an active key can be rotated.\nFix: make a new key with operation create.`);
        }
        const newKeyExpiresAt = inputs.expiry === undefined ? null : (0,_minted_key_js__WEBPACK_IMPORTED_MODULE_5__/* .expiresAtSeconds */ .r)(inputs.expiry, nowSeconds);
        const what = `key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(currentId)} of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(serviceUserId)}`;
        const expiryText = newKeyExpiresAt === null ? 'never expiring' : `expiring ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_6__/* .isoTime */ .L)(newKeyExpiresAt)}`;
        const fate = inputs.revokeCurrent
            ? 'revoking the current key'
            : 'keeping the current key active';
        if (inputs.dryRun) {
            runtime.info(`Dry run: the inputs and the credential kind are valid. A real run would rotate ${what} to a new key ${expiryText}, ${fate}; nothing was changed.`);
            return;
        }
        runtime.startGroup(`Rotating ${what}`);
        try {
            const rotated = await client.rotateServiceUserKey(serviceUserId, currentId, {
                newKeyExpiresAt,
                revokeCurrent: inputs.revokeCurrent,
            });
            (0,_minted_key_js__WEBPACK_IMPORTED_MODULE_5__/* .outputMintedKey */ .c)(runtime, rotated, newKeyExpiresAt);
            runtime.setOutput('previous_api_key_id', currentId);
            runtime.info(`Rotated ${what}: the new key is ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(rotated.api_key_id)}, ${expiryText}, masked in the log and in the api_key output. The current key was ${inputs.revokeCurrent ? 'revoked' : 'kept active; revoke it once every consumer uses the new one'}.`);
            await runtime.appendSummary((0,_summary_key_summary_js__WEBPACK_IMPORTED_MODULE_0__/* .keySummary */ .q)({
                heading: 'Devin API key rotated',
                serviceUserId,
                apiKeyId: rotated.api_key_id,
                apiKeyName: rotated.api_key_name,
                expiresAt: newKeyExpiresAt,
                rows: [
                    [
                        'Previous key',
                        `${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p7)(currentId)}: ${inputs.revokeCurrent ? 'revoked' : 'still active'}`,
                    ],
                ],
            }));
        }
        finally {
            runtime.endGroup();
        }
    }
    finally {
        await client.close();
    }
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
