export const id = 661;
export const ids = [661];
export const modules = {

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

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _base_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4758);
/* harmony import */ var _base_runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2677);
/* harmony import */ var _base_time_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6496);
/* harmony import */ var _base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4988);
/* harmony import */ var _inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5582);
/* harmony import */ var _operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4132);






/**
 * Whether this step's own `create` ran with revoke_on_exit: the inputs are the main step's, so
 * state that some other operation (or a revoke_on_exit: false) left is never acted on.
 */
function isCreateWithRevokeOnExit(runtime) {
    const revokeOnExit = runtime.getInput('revoke_on_exit').trim().toLowerCase();
    return (runtime.getInput('operation').trim() === 'create' &&
        (revokeOnExit === '' || revokeOnExit === 'true'));
}
/** The key a create made before the job was cancelled under it, found by its unique name. */
async function revokePendingKey(runtime, client, key) {
    const { findLostKeys, describeLostKeys } = await Promise.all(/* import() */[__webpack_require__.e(131), __webpack_require__.e(245)]).then(__webpack_require__.bind(__webpack_require__, 1245));
    const name = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyName);
    const user = (0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.serviceUserId);
    const found = await findLostKeys(client, key.serviceUserId, key.apiKeyName, key.sentAt);
    if (found.length === 0) {
        runtime.info(`No active key named ${name} of service user ${user}: nothing to revoke.`);
        return;
    }
    if (!key.nameIsUnique) {
        runtime.warning(`The main step ended before the answer to creating key ${name} came back, and service user ${user} has ${found.length} active key${found.length === 1 ? '' : 's'} with that name made since: ${describeLostKeys(found)}. The name cannot tell this job's key from another's, so none was revoked.\nRevoke the one nobody holds by its api_key_id (operation revoke), or in Enterprise Settings > Service Users.`, { title: 'Devin API key not revoked' });
        return;
    }
    for (const lost of found) {
        await client.revokeServiceUserKey(key.serviceUserId, lost.api_key_id);
        runtime.info(`Revoked key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(lost.api_key_id)} (${name}) of service user ${user}: it was created for this job, whose main step ended before the answer came back.`);
    }
}
/**
 * The post step: when the job ends, also after a failure, revokes the key that `create` made
 * with revoke_on_exit. Cleaning up never fails the job; a failure to revoke is a warning that
 * says how to finish by hand.
 */
async function post(runtime, dependencies = {}) {
    for (const name of _inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .SECRET_INPUTS */ .pH)
        (0,_base_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$)(runtime, runtime.getInput(name));
    const saved = runtime.getState(_operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__/* .CREATED_KEY_STATE */ .z3);
    if (saved === '') {
        runtime.debug('No key to revoke: none was created with revoke_on_exit in this job.');
        return;
    }
    if (!isCreateWithRevokeOnExit(runtime)) {
        runtime.debug('No key to revoke: this step did not run create with revoke_on_exit, so the saved state is ignored.');
        return;
    }
    let key;
    try {
        key = (0,_operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__/* .parseCreatedKeyState */ .s$)(saved);
        const nowSeconds = Math.floor((dependencies.now ?? Date.now)() / 1000);
        const what = (0,_operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__/* .isPending */ .mm)(key)
            ? `key named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyName)} of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.serviceUserId)}`
            : `key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyId)} (${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyName)}) of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.serviceUserId)}`;
        if (key.expiresAt !== null && key.expiresAt <= nowSeconds) {
            runtime.info(`The ${what} has already expired; nothing to revoke.`);
            return;
        }
        const inputs = (0,_inputs_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCommonInputs */ .uQ)((name) => runtime.getInput(name));
        const { openDevinClient } = await Promise.all(/* import() */[__webpack_require__.e(131), __webpack_require__.e(105)]).then(__webpack_require__.bind(__webpack_require__, 5105));
        const client = openDevinClient(inputs, { runtime, dependencies });
        try {
            if ((0,_operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__/* .isPending */ .mm)(key)) {
                await revokePendingKey(runtime, client, key);
                return;
            }
            const outcome = await client.revokeServiceUserKey(key.serviceUserId, key.apiKeyId);
            runtime.info(outcome === 'revoked'
                ? `Revoked the ${what}, created for this job.`
                : `The ${what} was already revoked; nothing to do.`);
        }
        finally {
            await client.close();
        }
    }
    catch (error) {
        const which = key === undefined
            ? 'the key this job created'
            : (0,_operations_created_key_state_js__WEBPACK_IMPORTED_MODULE_3__/* .isPending */ .mm)(key)
                ? `the key named ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyName)} of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.serviceUserId)}`
                : `key ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.apiKeyId)} of service user ${(0,_base_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteUntrusted */ .X0)(key.serviceUserId)}`;
        runtime.warning(`Could not revoke ${which} when the job ended: ${(0,_base_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error)}\nRevoke it by hand (operation revoke, or Enterprise Settings > Service Users); it expires on its own${key?.expiresAt ? ` at ${(0,_base_time_js__WEBPACK_IMPORTED_MODULE_5__/* .isoTime */ .L)(key.expiresAt)}` : ''}.`, { title: 'Devin API key not revoked' });
    }
}


/***/ })

};
