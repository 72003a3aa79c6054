/** The kinds of Devin credential, told apart by prefix (see api/README.md, "Key kinds"). */
export type CredentialKind = 'personal-key' | 'service-key' | 'service-user-credential';

interface CredentialKindInfo {
  prefix: string;
  /** What a person calls it, for messages. */
  label: string;
  /** Where in the Devin web app one is made. */
  madeIn: string;
  apiVersions: string;
}

export const CREDENTIAL_KINDS: Readonly<Record<CredentialKind, CredentialKindInfo>> = {
  'personal-key': {
    prefix: 'apk_user_',
    label: 'a personal API key',
    madeIn: 'Settings > API Keys, by a user with the Enterprise admin role',
    apiVersions: 'v1 and v2',
  },
  'service-key': {
    prefix: 'apk_',
    label: 'an organization service API key',
    madeIn: "the organization's settings",
    apiVersions: 'v1 only',
  },
  'service-user-credential': {
    prefix: 'cog_',
    label: 'a service user credential',
    madeIn: 'Enterprise Settings > Service Users',
    apiVersions: 'v3 only',
  },
};

/** The kind of a credential, from its prefix; undefined when it matches none. */
export function credentialKindOf(token: string): CredentialKind | undefined {
  // apk_user_ must be tested before its own prefix apk_.
  if (token.startsWith(CREDENTIAL_KINDS['personal-key'].prefix)) return 'personal-key';
  if (token.startsWith(CREDENTIAL_KINDS['service-key'].prefix)) return 'service-key';
  if (token.startsWith(CREDENTIAL_KINDS['service-user-credential'].prefix)) {
    return 'service-user-credential';
  }
  return undefined;
}

/** "a personal API key (apk_user_…)" */
export function describeCredentialKind(kind: CredentialKind): string {
  const info = CREDENTIAL_KINDS[kind];
  return `${info.label} (${info.prefix}…)`;
}
