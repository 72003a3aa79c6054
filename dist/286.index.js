export const id = 286;
export const ids = [286];
export const modules = {

/***/ 7286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sealSecret: () => (/* binding */ sealSecret)
/* harmony export */ });
/* unused harmony export BadPublicKeyError */
let sodiumLoaded;
function sodium() {
    sodiumLoaded ??= __webpack_require__.e(/* import() */ 768).then(__webpack_require__.bind(__webpack_require__, 4768)).then(async ({ default: lib }) => {
        await lib.ready;
        return lib;
    });
    return sodiumLoaded;
}
/** Thrown when a public key is not a 32-byte X25519 key in base64. */
class BadPublicKeyError extends Error {
    name = 'BadPublicKeyError';
}
/** The value sealed against `publicKey` (base64), base64 encoded: GitHub's `encrypted_value`. */
async function sealSecret(value, publicKey) {
    const lib = await sodium();
    let key;
    try {
        key = lib.from_base64(publicKey, lib.base64_variants.ORIGINAL);
    }
    catch {
        throw new BadPublicKeyError('the public key is not base64');
    }
    if (key.length !== lib.crypto_box_PUBLICKEYBYTES) {
        throw new BadPublicKeyError(`the public key has ${key.length} bytes, not 32`);
    }
    return lib.to_base64(lib.crypto_box_seal(value, key), lib.base64_variants.ORIGINAL);
}


/***/ })

};
