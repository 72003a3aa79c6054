export const id = 127;
export const ids = [127];
export const modules = {

/***/ 9127:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubSecretsApi: () => (/* binding */ githubSecretsApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2131);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(298);



const PUBLIC_KEY = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ key_id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), key: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1) });
function splitRepository(repository) {
    const [owner = '', repo = ''] = repository.split('/');
    return { owner, repo };
}
/**
 * GitHub's Actions secrets API through @actions/github, which takes its base URL from
 * GITHUB_API_URL, so GitHub Enterprise Server works as it is.
 */
function githubSecretsApi(githubToken) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(githubToken);
    return {
        async publicKey(target) {
            const { owner, repo } = splitRepository(target.repository);
            let data;
            try {
                data = (target.environment === undefined
                    ? await octokit.rest.actions.getRepoPublicKey({ owner, repo })
                    : await octokit.rest.actions.getEnvironmentPublicKey({
                        owner,
                        repo,
                        environment_name: target.environment,
                    })).data;
            }
            catch (error) {
                throw (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .failure */ .V2)(target, 'read the public key of', error);
            }
            const parsed = PUBLIC_KEY.safeParse(data);
            if (!parsed.success) {
                throw new _secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .SecretsApiError */ .wH(`Could not read the public key of ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .describeTarget */ .ff)(target)}: GitHub's answer has no key_id and key. Fix: check that GITHUB_API_URL is GitHub's REST API.`);
            }
            return { keyId: parsed.data.key_id, key: parsed.data.key };
        },
        async writeSecret(target, encryptedValue, keyId) {
            const { owner, repo } = splitRepository(target.repository);
            const body = { owner, repo, secret_name: target.secretName, encrypted_value: encryptedValue };
            let status;
            try {
                status = (target.environment === undefined
                    ? await octokit.rest.actions.createOrUpdateRepoSecret({ ...body, key_id: keyId })
                    : await octokit.rest.actions.createOrUpdateEnvironmentSecret({
                        ...body,
                        key_id: keyId,
                        environment_name: target.environment,
                    })).status;
            }
            catch (error) {
                throw (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .failure */ .V2)(target, 'write secret', error);
            }
            return status === 201 ? 'created' : 'updated';
        },
    };
}


/***/ })

};
