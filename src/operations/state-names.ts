/**
 * What `create` passes to the post step so that it can revoke the key: never the token, since
 * saved state is not masked. Its own module, free of zod, so that the main step can write it
 * before anything else is loaded.
 */
export const CREATED_KEY_STATE = 'created_key';

/**
 * Every state the post step reads. The main step writes each of them first, empty: an earlier
 * step can put STATE_<name> in $GITHUB_ENV, and the runner hands the post step only a value
 * the main step did not save itself.
 */
export const POST_STEP_READS = [CREATED_KEY_STATE] as const;
