import { hash, verify } from '@node-rs/argon2';

export const DEMO_PASSWORD = 'Demo@2023';

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

/** Returns the reason a password breaks the policy, or null. Pure, for unit tests and the UI. */
export function passwordProblem(password: string, username: string, policy = DEFAULT_POLICY): string | null {
  if (password.length < policy.minLength) return `长度至少${policy.minLength}位`;
  if (password.length > 128) return '长度不超过128位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < policy.minClasses)
    return `需包含大写字母、小写字母、数字、符号中的至少${policy.minClasses}类`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '不能包含用户名';
  if (password === DEMO_PASSWORD) return '不能使用演示密码';
  return null;
}

// argon2id with the library's defaults (m=19 MiB, t=2): OWASP's recommended minimum.
export const hashPassword = (password: string) => hash(password, { algorithm: 2 });

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
