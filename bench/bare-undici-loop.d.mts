export function fetchAllKeys(
  baseUrl: string,
  serviceUserId: string,
  credential: string,
): Promise<number>;
