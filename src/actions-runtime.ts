import * as core from '@actions/core';
import type { Runtime } from './base/runtime.ts';

/** The `Runtime` of a real run, on @actions/core. */
export const actionsRuntime: Runtime = {
  getInput: (name) => core.getInput(name),
  setSecret: (secret) => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  notice: (message, properties) => core.notice(message, properties),
  warning: (message, properties) => core.warning(message, properties),
  startGroup: (name) => core.startGroup(name),
  endGroup: () => core.endGroup(),
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  appendSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    try {
      await core.summary.addRaw(markdown, true).write();
    } catch (error) {
      // What failed to be written must not come back with the next write.
      core.summary.emptyBuffer();
      throw error;
    }
  },
  getEnv: (name) => process.env[name],
  tempDir: () => process.env.RUNNER_TEMP || undefined,
};
