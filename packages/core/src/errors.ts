/** Typed application errors. One error handler maps them to HTTP status codes. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: FieldErrors, status = 400) {
    super(status, "validation_failed", message, fields);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Please sign in.") {
    super(401, "unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this.") {
    super(403, "forbidden", message);
  }
}
export class NotFoundError extends AppError {
  constructor(what = "Record") {
    super(404, "not_found", `${what} not found.`);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(409, "conflict", message, fields);
  }
}
export class UnprocessableError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(422, "unprocessable", message, fields);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(429, "too_many_requests", message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
