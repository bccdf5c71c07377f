/**
 * What of an error may be logged. Database errors carry their SQL parameters
 * (share slugs, password hashes) in the message and sometimes the offending
 * value in the driver's message or detail, so for them only the statement
 * (with $n placeholders), SQLSTATE, constraint and table are kept.
 */
export interface LoggedError {
  name: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
}

const MAX_MESSAGE = 500;

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
}

function isQueryError(error: Error): error is Error & { query: string; params: unknown[] } {
  return typeof (error as { query?: unknown }).query === 'string' && Array.isArray((error as { params?: unknown }).params);
}

/** A message that may have come from a query error, without its parameter list. */
export function withoutQueryParams(message: string): string {
  const cut = message.search(/\n\s*params:/);
  return (cut >= 0 ? message.slice(0, cut) : message).slice(0, MAX_MESSAGE);
}

export function errorForLog(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { name: 'NonError', message: withoutQueryParams(String(error)) };
  if (isQueryError(error)) {
    const cause = (error.cause ?? {}) as DriverError;
    return {
      name: error.name,
      message: `query failed: ${error.query.slice(0, MAX_MESSAGE)}`,
      ...(typeof cause.code === 'string' ? { code: cause.code } : {}),
      ...(typeof cause.constraint === 'string' ? { constraint: cause.constraint } : {}),
      ...(typeof cause.table === 'string' ? { table: cause.table } : {}),
    };
  }
  const driver = error as DriverError;
  if (typeof driver.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code)) {
    // A bare driver error (PostgreSQL/PGlite): its message can quote a value.
    return { name: error.name, message: 'database error', code: driver.code };
  }
  return { name: error.name, message: withoutQueryParams(error.message) };
}
