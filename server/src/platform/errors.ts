export interface FieldError {
  field: string;
  message: string;
}

/** The one application error: a stable code, an HTTP status, message params and optional field errors. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldError[] = [],
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401);
export const versionConflict = () => new AppError('CONFLICT_VERSION', 409);
export const invalid = (fields: FieldError[]) => new AppError('VALIDATION', 400, {}, fields);
export const duplicate = (what: string, field: string) =>
  new AppError('DUPLICATE', 409, { what }, [{ field, message: `${what}已存在` }]);
